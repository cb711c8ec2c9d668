check scenarios/netpol/e05-egress-type-ignores-ingress-rules.yaml
