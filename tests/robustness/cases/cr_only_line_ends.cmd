lint tests/robustness/corpus/cr-only.yaml
