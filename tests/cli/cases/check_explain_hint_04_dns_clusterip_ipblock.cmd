check scenarios/exercises/04-egress-breaks-dns/exercise.yaml --submission tests/cli/data/hints/04-dns-clusterip-ipblock --explain --max-paths 1
