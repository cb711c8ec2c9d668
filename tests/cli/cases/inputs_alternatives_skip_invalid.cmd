matrix --skip-invalid tests/cli/data/alternatives
