check scenarios/netpol/np15-except-and-union.yaml
