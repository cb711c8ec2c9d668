lint tests/robustness/corpus/deep-nesting.yaml
