lint tests/robustness/corpus/utf8-invalid-comment.yaml
