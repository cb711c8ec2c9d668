lint tests/robustness/corpus/anchor-other-document.yaml
