check tests/cli/data/own-node-egress.yaml --explain-passes
