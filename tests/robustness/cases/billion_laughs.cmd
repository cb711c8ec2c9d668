lint tests/robustness/corpus/billion-laughs.yaml
