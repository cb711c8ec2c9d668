list tests/robustness/corpus/hostile_names.yaml --relaxed -o md
