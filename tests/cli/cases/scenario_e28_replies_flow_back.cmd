check scenarios/netpol/e28-replies-flow-back.yaml
