check scenarios/shop.yaml --junit ''
