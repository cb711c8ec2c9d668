query -q scenarios/shop/ --from deployment/shop/web --to shop/db-0 --port 5432
