matrix tests/robustness/corpus/crlf.yaml --level pod --port 8080
