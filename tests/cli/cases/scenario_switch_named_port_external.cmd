check scenarios/netpol/switch-named-port-external.yaml
