lint tests/robustness/corpus/dup-two-files
