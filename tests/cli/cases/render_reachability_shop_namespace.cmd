render scenarios/shop.yaml --view reachability --namespace shop -o -
