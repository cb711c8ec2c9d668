matrix tests/cli/data/real-world/calico-policy.yaml --unmodeled=error
