render scenarios/shop.yaml --view path --from shop/web-s9bcstxxx5-42kh7 --to cache.shop --port 6379 -o -
