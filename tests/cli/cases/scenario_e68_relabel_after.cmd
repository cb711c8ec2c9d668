check scenarios/netpol/e68-relabel-after.yaml
