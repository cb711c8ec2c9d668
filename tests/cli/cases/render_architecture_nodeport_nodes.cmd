render scenarios/services/nodeport.yaml --view architecture --nodes -o -
