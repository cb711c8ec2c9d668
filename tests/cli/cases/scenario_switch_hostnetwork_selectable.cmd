check scenarios/netpol/switch-hostnetwork-selectable.yaml
