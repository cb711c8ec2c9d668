matrix tests/robustness/corpus/dup-two-files --limit folder-entries=1
