check scenarios/exercises/02-allow-one-app/exercise.yaml --submission tests/cli/data/class-02/frank
