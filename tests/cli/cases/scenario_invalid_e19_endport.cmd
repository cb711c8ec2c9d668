lint scenarios/invalid/e19-endport.yaml
