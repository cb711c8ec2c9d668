check scenarios/netpol/np02-egress-rules-without-policytypes.json
