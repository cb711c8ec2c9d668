list tests/cli/data/kustomize/base
