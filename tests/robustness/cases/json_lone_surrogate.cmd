lint tests/robustness/corpus/json-lone-surrogate.json
