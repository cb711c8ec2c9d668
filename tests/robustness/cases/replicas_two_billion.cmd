lint tests/robustness/corpus/replicas-two-billion.yaml
