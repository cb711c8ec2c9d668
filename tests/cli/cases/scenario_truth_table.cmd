check scenarios/netpol/truth-table.yaml
