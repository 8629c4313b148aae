{{/* Synthesized by shipshape: the helpers of this chart's templates. */}}

{{/* An image reference from { repository, tag, digest }: repository[:tag][@digest]. */}}
{{- define "delinkcious.image" -}}
{{- .repository -}}{{- with .tag }}:{{ . }}{{ end -}}{{- with .digest }}@{{ . }}{{ end -}}
{{- end }}

{{/* The app.kubernetes.io/version label of an image: its tag when that is a label value, else nothing. */}}
{{- define "delinkcious.versionLabel" -}}
{{- if regexMatch "^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$" (toString .tag) }}{{ .tag }}{{ end -}}
{{- end }}

{{/* A Kubernetes quantity (100m, 1.5Gi, 2e3, or a number) in base units, to compare a request with its limit. */}}
{{- define "delinkcious.quantity" -}}
{{- $q := toString . -}}
{{- $n := regexReplaceAll "^([+-]?(?:[0-9]+(?:[.][0-9]*)?|[.][0-9]+)).*$" $q "${1}" -}}
{{- $suffix := trimPrefix $n $q -}}
{{- $scale := 1.0 -}}
{{- if regexMatch "^[eE]" $suffix -}}
{{- $e := int (trimPrefix "+" (substr 1 -1 $suffix)) -}}
{{- range until (int (max $e (sub 0 $e))) }}{{ $scale = ternary (mulf $scale 10) (divf $scale 10) (gt $e 0) }}{{ end -}}
{{- else -}}
{{- $scale = get (dict "" 1.0 "n" 1e-9 "u" 1e-6 "m" 1e-3 "k" 1e3 "M" 1e6 "G" 1e9 "T" 1e12 "P" 1e15 "E" 1e18 "Ki" 1024.0 "Mi" 1048576.0 "Gi" 1073741824.0 "Ti" 1099511627776.0 "Pi" 1125899906842624.0 "Ei" 1152921504606846976.0) $suffix -}}
{{- end -}}
{{- mulf (float64 $n) $scale -}}
{{- end }}

{{/* An Ingress's spec.tls (JSON) from its hosts and a TLS value { enabled, secretName }. */}}
{{- define "delinkcious.ingressTls" -}}
{{- if .tls.enabled }}{{ list (dict "hosts" .hosts "secretName" .tls.secretName) | toJson }}{{ else }}[]{{ end -}}
{{- end }}
