render -q scenarios/services/e27-dns-egress.yaml --view path --from app/client --to db.app.svc --port 5432 -o -
