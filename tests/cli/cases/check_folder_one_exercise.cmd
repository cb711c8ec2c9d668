check scenarios/exercises/05-named-ports/ --submission scenarios/exercises/05-named-ports/solution/
