matrix scenarios/shop.yaml --port 8080 --group
