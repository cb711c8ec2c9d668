matrix scenarios/shop/ --port 65536
