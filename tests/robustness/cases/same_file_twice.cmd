matrix tests/robustness/corpus/good.yaml ./tests/robustness/corpus/good.yaml tests/robustness/corpus/linked --level namespace
