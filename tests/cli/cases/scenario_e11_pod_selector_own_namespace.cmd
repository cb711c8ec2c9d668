check scenarios/netpol/e11-pod-selector-own-namespace.yaml
