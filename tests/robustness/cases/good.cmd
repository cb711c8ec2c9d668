matrix tests/robustness/corpus/good.yaml --level pod --port 8080
