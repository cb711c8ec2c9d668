matrix scenarios/netpol/truth-table.yaml --port 80 --level pod -o truth
