matrix tests/cli/data/static-pods.yaml --level workload
