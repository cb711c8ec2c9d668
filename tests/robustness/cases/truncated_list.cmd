lint tests/robustness/corpus/truncated-list.json
