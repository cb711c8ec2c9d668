matrix tests/robustness/corpus/hostile_names.yaml --relaxed --level pod
