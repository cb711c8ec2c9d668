{{- define "shop.labels" -}}
app: web
{{- end }}
