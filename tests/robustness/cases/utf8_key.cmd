lint tests/robustness/corpus/utf8-invalid-key.yaml
