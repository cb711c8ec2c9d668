check --explain-passes tests/cli/data/lb-source-ranges.yaml
