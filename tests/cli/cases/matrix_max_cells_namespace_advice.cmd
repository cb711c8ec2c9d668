matrix scenarios/shop/ --level namespace --max-cells 1
