matrix tests/cli/data/kustomize
