render scenarios/shop/ --view reachability --port http -o -
