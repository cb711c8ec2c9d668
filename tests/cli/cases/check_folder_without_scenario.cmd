check scenarios/shop/
