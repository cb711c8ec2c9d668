render scenarios/shop.yaml --view reachability --focus shop/wbe -o -
