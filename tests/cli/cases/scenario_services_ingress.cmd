check scenarios/services/ingress.yaml
