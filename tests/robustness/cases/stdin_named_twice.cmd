matrix - /dev/stdin --level pod --port 8080
