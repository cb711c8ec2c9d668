query scenarios/shop/ --from shop/web --to shop/db-0 --port -1
