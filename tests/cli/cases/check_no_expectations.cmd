check tests/cli/data/no-expectations.yaml
