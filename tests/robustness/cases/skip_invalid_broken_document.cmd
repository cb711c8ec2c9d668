matrix --skip-invalid tests/robustness/corpus/skip-invalid-broken-middle.yaml --level pod --port 8080
