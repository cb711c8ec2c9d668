matrix -q scenarios/shop/ --level namespace -o md
