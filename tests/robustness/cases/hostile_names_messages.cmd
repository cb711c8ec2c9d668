matrix tests/robustness/corpus/hostile_names.yaml --level pod
