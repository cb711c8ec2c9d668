lint tests/robustness/corpus/json-number-overflow.json
