check tests/cli/data/no-namespace-shop.yaml
