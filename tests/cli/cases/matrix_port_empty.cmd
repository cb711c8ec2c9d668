matrix scenarios/shop/ --port ''
