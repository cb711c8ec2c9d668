lint scenarios/invalid/e21-except-not-strict-subset.yaml
