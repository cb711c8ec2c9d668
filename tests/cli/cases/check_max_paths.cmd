check scenarios/services/clusterip.yaml --explain-passes --max-paths 1
