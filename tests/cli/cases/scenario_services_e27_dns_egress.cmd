check scenarios/services/e27-dns-egress.yaml
