check scenarios/netpol/e31-hostnetwork-source.yaml
