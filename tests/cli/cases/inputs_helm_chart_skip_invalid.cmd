matrix --skip-invalid tests/cli/data/helm-chart tests/cli/data/no-namespace
