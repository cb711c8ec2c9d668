query --default-namespace shop tests/cli/data/no-namespace --from monitoring/prober --to deployment/shop/db --port 5432
