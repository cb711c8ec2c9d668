matrix scenarios/shop/ --limit dokuments=5
