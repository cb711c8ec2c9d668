matrix tests/robustness/corpus/case-keys.yaml --level pod
