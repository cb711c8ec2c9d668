generate --pods 6 --namespaces 2 --policies 3 --services 2 --seed 3
