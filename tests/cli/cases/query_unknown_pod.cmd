query -q scenarios/shop/ --from shop/web-9 --to shop/db-0 --port 5432
