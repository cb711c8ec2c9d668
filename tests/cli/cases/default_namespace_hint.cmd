query tests/cli/data/no-namespace --from deployment/shop/web --to deployment/shop/db --port 5432
