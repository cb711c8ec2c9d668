lint tests/robustness/corpus/huge_selector_value.yaml
