query tests/cli/data/real-world/calico-policy.yaml --from pod/shop/client --to pod/shop/web --port 80
