lint tests/robustness/corpus/dup-one-file.yaml
