lint tests/cli/data/real-world/typo-from.yaml --unknown-fields=warn
