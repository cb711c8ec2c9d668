matrix -n Shop tests/cli/data/no-namespace
