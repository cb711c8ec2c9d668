query scenarios/netpol/np08-own-node.yaml --from 172.18.0.1 --to a/web --port 80
