check scenarios/invalid/scenario-unknown-key.yaml
