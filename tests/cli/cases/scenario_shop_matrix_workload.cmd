matrix --quiet scenarios/shop/ --level workload --port 8080
