render scenarios/shop.yaml --view path --to shop/db-0 -o -
