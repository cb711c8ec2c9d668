matrix scenarios/shop.yaml --port 8080 -o truth
