lint tests/robustness/corpus/deep-nesting.json
