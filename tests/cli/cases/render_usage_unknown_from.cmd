render scenarios/shop.yaml --view path --from shop/wbe-0 --to shop/db-0 --port 5432 -o -
