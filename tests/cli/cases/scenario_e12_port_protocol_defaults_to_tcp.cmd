check scenarios/netpol/e12-port-protocol-defaults-to-tcp.yaml
