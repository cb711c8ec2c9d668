render scenarios/netpol/e01-default-deny-ingress.yaml --view reachability --expand-pods -o -
