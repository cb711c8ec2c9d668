lint scenarios/shop/ --limit depth=20000
