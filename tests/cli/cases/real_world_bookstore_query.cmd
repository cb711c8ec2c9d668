query -n bookstore -q scenarios/real-world/bookstore/k8s/ --from deployment/bookstore/web --to http://api/
