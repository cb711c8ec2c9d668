check scenarios/netpol/np20-rollout-renamed-port.yaml
