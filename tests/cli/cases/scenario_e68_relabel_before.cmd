check scenarios/netpol/e68-relabel-before.yaml
