check scenarios/exercises/ --summary
