lint scenarios/invalid/val-selectors-ports-types.yaml
