query tests/cli/data/outside-clients.yaml --from 203.0.113.9 --to node/node-1 --port 30000
