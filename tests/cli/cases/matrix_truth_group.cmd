matrix scenarios/shop.yaml -o truth --group
