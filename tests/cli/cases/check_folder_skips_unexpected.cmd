check tests/cli/data/check-folder-skip
