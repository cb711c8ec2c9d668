check scenarios/netpol/e01-default-deny-ingress.yaml --submission scenarios/exercises/01-default-deny/solution
