check tests/cli/data/no-namespace-unset.yaml
