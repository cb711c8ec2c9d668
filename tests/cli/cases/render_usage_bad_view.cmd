render scenarios/shop.yaml --view reach -o -
