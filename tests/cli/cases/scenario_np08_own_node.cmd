check scenarios/netpol/np08-own-node.yaml
