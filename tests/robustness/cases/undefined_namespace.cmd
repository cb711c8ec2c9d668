matrix tests/robustness/corpus/undefined-namespace.yaml --level pod
