lint scenarios/real-world/bookstore/chart/
