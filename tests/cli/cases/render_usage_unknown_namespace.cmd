render scenarios/shop.yaml --view reachability --namespace shpo -o -
