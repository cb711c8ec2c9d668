lint tests/robustness/corpus/alias-big-value.yaml
