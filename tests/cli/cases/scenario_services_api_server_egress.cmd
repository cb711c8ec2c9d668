check scenarios/services/api-server-egress.yaml
