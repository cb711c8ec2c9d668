check tests/cli/data/hints/replicaset-owner.yaml --explain
