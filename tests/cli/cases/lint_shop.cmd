lint scenarios/shop/
