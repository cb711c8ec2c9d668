check scenarios/netpol/switch-icmp-unfiltered.yaml
