lint tests/robustness/corpus/truncated-escape.json
