matrix tests/robustness/corpus/loop --level pod --port 8080
