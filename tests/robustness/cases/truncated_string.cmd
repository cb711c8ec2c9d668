lint tests/robustness/corpus/truncated-mid-string.json
