lint scenarios/invalid/e24-ipblock-with-selector.yaml
