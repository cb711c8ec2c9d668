check scenarios/netpol/e23-ipblock-matches-pod-ip.yaml --option ipBlockMatchesPods=false
