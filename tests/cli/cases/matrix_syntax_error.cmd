matrix tests/cli/data/syntax-error.yaml
