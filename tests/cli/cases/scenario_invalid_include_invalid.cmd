check scenarios/invalid/scenario-include-invalid.yaml
