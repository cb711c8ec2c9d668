check tests/cli/data/expect-matrix-fails.yaml --explain --max-paths 1
