check tests/cli/data/grading.yaml --junit -
