check --explain tests/cli/data/lb-source-ranges.yaml
