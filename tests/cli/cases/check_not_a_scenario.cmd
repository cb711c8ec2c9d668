check scenarios/shop/40-shop-workloads.yaml
