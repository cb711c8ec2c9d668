query tests/cli/data/outside-clients.yaml --from 203.0.113.9 --to service/shop/web --port 80
