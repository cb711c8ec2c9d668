check scenarios/netpol/e04-empty-egress-no-policytypes.yaml
