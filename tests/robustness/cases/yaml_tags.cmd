lint tests/robustness/corpus/yaml-tags.yaml
