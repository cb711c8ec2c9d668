list -q scenarios/shop/
