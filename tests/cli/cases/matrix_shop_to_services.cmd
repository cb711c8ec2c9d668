matrix scenarios/shop/ --to-services
