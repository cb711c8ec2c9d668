matrix scenarios/shop/ --level pod -o truth --max-cells 1
