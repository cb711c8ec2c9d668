matrix scenarios/shop/ --group -o csv
