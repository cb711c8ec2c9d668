query -q tests/cli/data/node-selectors.yaml --from monitoring/prometheus --to daemonset/monitoring/windows-agent --port 9182
