{{/* Synthesized by shipshape: the helpers of this chart's templates. */}}

{{/* An image reference from { repository, tag, digest }: repository[:tag][@digest]. */}}
{{- define "delinkcious.image" -}}
{{- .repository -}}{{- with .tag }}:{{ . }}{{ end -}}{{- with .digest }}@{{ . }}{{ end -}}
{{- end }}

{{/* The app.kubernetes.io/version label of an image: its tag when that is a label value, else nothing. */}}
{{- define "delinkcious.versionLabel" -}}
{{- if regexMatch "^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$" (toString .tag) }}{{ .tag }}{{ end -}}
{{- end }}

{{/* An Ingress's spec.tls (JSON) from its hosts and a TLS value { enabled, secretName }. */}}
{{- define "delinkcious.ingressTls" -}}
{{- if .tls.enabled }}{{ list (dict "hosts" .hosts "secretName" .tls.secretName) | toJson }}{{ else }}[]{{ end -}}
{{- end }}
