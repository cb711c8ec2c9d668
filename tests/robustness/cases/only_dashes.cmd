matrix tests/robustness/corpus/only-dashes.yaml
