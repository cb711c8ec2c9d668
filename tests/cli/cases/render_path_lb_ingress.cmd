render tests/cli/data/lb-ingress.yaml --view path --from 203.0.113.7 --to http://shop.example.com/cart -o -
