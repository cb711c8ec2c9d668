check scenarios/services/clusterip.yaml --explain --max-paths 1
