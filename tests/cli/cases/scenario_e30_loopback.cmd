check scenarios/netpol/e30-loopback.yaml
