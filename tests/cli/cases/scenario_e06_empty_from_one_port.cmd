check scenarios/netpol/e06-empty-from-one-port.yaml
