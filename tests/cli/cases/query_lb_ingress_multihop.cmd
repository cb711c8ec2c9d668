query tests/cli/data/lb-ingress.yaml --from 203.0.113.7 --to http://shop.example.com/cart
