matrix scenarios/shop/ --level namespace --group -o md
