matrix tests/cli/data/alternatives
