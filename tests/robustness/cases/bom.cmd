matrix tests/robustness/corpus/bom.yaml --level pod --port 8080
