check tests/cli/data/syntax-error.yaml
