lint tests/robustness/corpus/huge-numbers.yaml
