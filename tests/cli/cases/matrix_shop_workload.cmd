matrix -q scenarios/shop/ --level workload --port 8080
