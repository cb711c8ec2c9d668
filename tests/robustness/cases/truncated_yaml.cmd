lint tests/robustness/corpus/truncated-mid-object.yaml
