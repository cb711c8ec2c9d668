check scenarios/netpol/switch-ipblock-excludes-pods.yaml
