render scenarios/shop.yaml -o shop.jpg
