query --quiet scenarios/shop.yaml --from deployment/shop/api --to statefulset/shop/db --port postgres
