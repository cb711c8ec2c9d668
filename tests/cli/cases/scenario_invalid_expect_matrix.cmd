check scenarios/invalid/scenario-expect-matrix.yaml
