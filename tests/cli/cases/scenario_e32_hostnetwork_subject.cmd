check scenarios/netpol/e32-hostnetwork-subject.yaml
