check tests/cli/data/outside-clients.yaml --explain-passes
