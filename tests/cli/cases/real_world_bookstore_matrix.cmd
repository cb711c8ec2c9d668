matrix -n bookstore -q scenarios/real-world/bookstore/k8s/
