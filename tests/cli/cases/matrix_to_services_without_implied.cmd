matrix scenarios/services/e27-dns-egress.yaml --to-services
