render scenarios/shop.yaml --view reachability --denied -o -
