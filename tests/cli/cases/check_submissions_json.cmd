check scenarios/exercises/02-allow-one-app/exercise.yaml --submissions tests/cli/data/class-02 -o json
