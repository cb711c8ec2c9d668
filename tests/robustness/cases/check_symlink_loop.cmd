check tests/robustness/corpus/loop
