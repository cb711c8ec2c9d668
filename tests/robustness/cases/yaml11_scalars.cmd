lint tests/robustness/corpus/yaml11-scalars
