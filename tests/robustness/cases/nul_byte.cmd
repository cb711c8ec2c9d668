lint tests/robustness/corpus/nul-byte.yaml
