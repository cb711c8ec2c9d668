check tests/cli/data/helm-chart-scenario.yaml
