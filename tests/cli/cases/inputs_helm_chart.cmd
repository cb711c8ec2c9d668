matrix tests/cli/data/helm-chart
