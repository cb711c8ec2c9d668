query -q scenarios/services/api-server-egress.yaml --from deployment/ops/trap --to kubernetes.default.svc --port 443
