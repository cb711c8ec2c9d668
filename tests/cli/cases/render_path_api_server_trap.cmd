render -q scenarios/services/api-server-egress.yaml --view path --from deployment/ops/trap --to kubernetes.default.svc --port 443 -o -
