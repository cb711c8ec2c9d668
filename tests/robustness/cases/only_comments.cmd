matrix tests/robustness/corpus/only-comments.yaml
