render scenarios/shop.yaml --view reachability --aggregate-above 3 -o -
