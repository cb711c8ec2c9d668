check scenarios/netpol/e09-metadata-name-label.yaml
