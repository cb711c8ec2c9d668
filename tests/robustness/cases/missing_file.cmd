lint tests/robustness/corpus/does-not-exist.yaml
