lint tests/cli/data/address-clashes.yaml
