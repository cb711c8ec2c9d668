lint tests/cli/data/outside-clients.yaml
