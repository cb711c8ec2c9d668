matrix tests/cli/data/real-world/calico-policy.yaml
