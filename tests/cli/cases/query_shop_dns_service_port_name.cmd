query -q scenarios/shop/ --from deployment/shop/web --to api --port http
