matrix -n shop tests/cli/data/no-namespace
