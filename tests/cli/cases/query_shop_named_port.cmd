query -q scenarios/shop/ --from deployment/shop/api --to shop/db-0 --port postgres
