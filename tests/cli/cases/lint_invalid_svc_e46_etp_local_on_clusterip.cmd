lint scenarios/invalid/svc-e46-etp-local-on-clusterip.yaml
