list tests/cli/data/real-world/typo-from.yaml
