check scenarios/invalid/scenario-unknown-endpoint.yaml
