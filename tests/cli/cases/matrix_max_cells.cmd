matrix scenarios/shop/ --level pod --max-cells 10
