check scenarios/exercises/01-default-deny/exercise.yaml --submission tests/cli/data/hints/01-both-policy-types --explain --max-paths 1
