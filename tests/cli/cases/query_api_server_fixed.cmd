query -q scenarios/services/api-server-egress.yaml --from deployment/ops/fixed --to https://kubernetes.default.svc/api
