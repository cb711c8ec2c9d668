matrix --to-services scenarios/netpol/e01-default-deny-ingress.yaml -o json
