matrix tests/robustness/corpus/no-manifests
