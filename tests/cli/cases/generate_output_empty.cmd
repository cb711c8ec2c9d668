generate -o ''
