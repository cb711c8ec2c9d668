check scenarios/netpol/e13-protocol-without-port.yaml
