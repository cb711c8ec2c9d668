check scenarios/services/clusterip.yaml --limit file-size=1K
