matrix scenarios/shop/ --limit documents=2
