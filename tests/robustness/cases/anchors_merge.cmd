matrix tests/robustness/corpus/anchors-merge.yaml --level pod
