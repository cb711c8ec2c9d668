lint tests/robustness/corpus/utf8-overlong.yaml
