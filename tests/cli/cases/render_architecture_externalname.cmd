render scenarios/services/externalname.yaml --view architecture -o -
