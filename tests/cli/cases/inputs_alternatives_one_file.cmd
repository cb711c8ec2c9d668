matrix tests/cli/data/alternatives/app-v2.yaml tests/cli/data/alternatives/db.yaml
