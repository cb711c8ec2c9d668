check scenarios/netpol/np20-named-port-egress.yaml
