check scenarios/exercises/03-cross-namespace-and-or/exercise.yaml --submission tests/cli/data/hints/03-namespace-selector-all --explain --max-paths 1
