check tests/robustness/corpus/xml_forbidden_chars.yaml --junit -
