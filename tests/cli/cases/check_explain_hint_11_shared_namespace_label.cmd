check scenarios/exercises/11-ingress-controller-namespace/exercise.yaml --submission tests/cli/data/hints/11-shared-namespace-label --explain --max-paths 1
