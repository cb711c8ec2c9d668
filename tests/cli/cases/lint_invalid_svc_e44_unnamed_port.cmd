lint scenarios/invalid/svc-e44-unnamed-port.yaml
