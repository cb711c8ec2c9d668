check scenarios/exercises/03-cross-namespace-and-or/exercise.yaml --submission scenarios/exercises/03-cross-namespace-and-or/solution
