matrix tests/robustness/corpus/empty.yaml
