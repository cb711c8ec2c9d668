check scenarios/netpol/e18-endport-range.yaml
