query scenarios/services/url-service-beside-hostless-ingress.yaml --from bookinfo/reviews --to http://bookinfo.example.com/
