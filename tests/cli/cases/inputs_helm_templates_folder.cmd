lint tests/cli/data/helm-chart/templates
