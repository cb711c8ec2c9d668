lint scenarios/invalid/svc-e45-nodeport-out-of-range.yaml
