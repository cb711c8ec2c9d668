check tests/robustness/corpus/include-scenario/outer.yaml
