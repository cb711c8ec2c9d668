list tests/cli/data/node-selectors.yaml
