check scenarios/netpol/e15-named-port-per-pod.yaml
