check scenarios/netpol/switch-ingress-from-own-node.yaml
