check scenarios/netpol/e02-allow-all-ingress-to-web.yaml
