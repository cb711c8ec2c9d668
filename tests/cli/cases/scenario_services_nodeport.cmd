check scenarios/services/nodeport.yaml
