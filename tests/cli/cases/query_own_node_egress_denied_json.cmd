query scenarios/netpol/np08-own-node.yaml --from a/web --to 172.18.0.1 --port 10250 -o json
