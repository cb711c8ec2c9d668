render scenarios/shop.yaml -o -
