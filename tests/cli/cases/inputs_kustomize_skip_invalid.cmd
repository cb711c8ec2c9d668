matrix --skip-invalid tests/cli/data/kustomize
