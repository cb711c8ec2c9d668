check scenarios/shop.yaml
