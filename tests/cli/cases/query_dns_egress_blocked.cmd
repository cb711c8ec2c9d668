query -q scenarios/services/e27-dns-egress.yaml --from app/client --to db.app.svc --port 5432
