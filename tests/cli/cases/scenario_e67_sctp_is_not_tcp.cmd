check scenarios/netpol/e67-sctp-is-not-tcp.yaml
