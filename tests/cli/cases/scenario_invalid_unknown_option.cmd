check scenarios/invalid/scenario-unknown-option.yaml
