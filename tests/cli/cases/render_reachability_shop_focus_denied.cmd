render scenarios/shop.yaml --view reachability --focus shop/web --denied -o -
