list tests/cli/data/static-pods.yaml
