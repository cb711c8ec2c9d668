query -q scenarios/shop/ --from shop/web --to shop/db-0 --port 5432
