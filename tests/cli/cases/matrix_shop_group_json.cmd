matrix scenarios/shop/ --group -o json
