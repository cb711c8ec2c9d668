lint tests/robustness/corpus/alias-recursive.yaml
