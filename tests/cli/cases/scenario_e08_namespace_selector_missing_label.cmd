check scenarios/netpol/e08-namespace-selector-missing-label.yaml
