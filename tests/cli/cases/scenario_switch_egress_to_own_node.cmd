check scenarios/netpol/switch-egress-to-own-node.yaml
