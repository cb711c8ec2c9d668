matrix tests/cli/data/real-world/removed-versions.yaml
