check tests/cli/data/grading.yaml -o json
