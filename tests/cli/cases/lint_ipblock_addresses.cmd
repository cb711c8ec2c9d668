lint tests/cli/data/ipblock-addresses.yaml
