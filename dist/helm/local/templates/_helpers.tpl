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

{{/*
  JSON of a value, as _goJson writes it (the plain manifests' config hash): Go's toJson plus the characters
  YAML refuses raw (DEL, C1 controls, U+FEFF, U+FFFE, U+FFFF) escaped.
*/}}
{{- define "delinkcious.toJson" -}}
{{- $s := toJson . -}}
{{- range $c, $e := dict "\u007f" "\\u007f" "\u0080" "\\u0080" "\u0081" "\\u0081" "\u0082" "\\u0082" "\u0083" "\\u0083" "\u0084" "\\u0084" "\u0085" "\\u0085" "\u0086" "\\u0086" "\u0087" "\\u0087" "\u0088" "\\u0088" "\u0089" "\\u0089" "\u008a" "\\u008a" "\u008b" "\\u008b" "\u008c" "\\u008c" "\u008d" "\\u008d" "\u008e" "\\u008e" "\u008f" "\\u008f" "\u0090" "\\u0090" "\u0091" "\\u0091" "\u0092" "\\u0092" "\u0093" "\\u0093" "\u0094" "\\u0094" "\u0095" "\\u0095" "\u0096" "\\u0096" "\u0097" "\\u0097" "\u0098" "\\u0098" "\u0099" "\\u0099" "\u009a" "\\u009a" "\u009b" "\\u009b" "\u009c" "\\u009c" "\u009d" "\\u009d" "\u009e" "\\u009e" "\u009f" "\\u009f" "\ufeff" "\\ufeff" "\ufffe" "\\ufffe" "\uffff" "\\uffff" }}{{ $s = replace $c $e $s }}{{ end -}}
{{- $s -}}
{{- end }}

{{/* An Ingress's spec.tls (JSON) from its hosts and a TLS value { enabled, secretName }. */}}
{{- define "delinkcious.ingressTls" -}}
{{- if .tls.enabled }}{{ list (dict "hosts" .hosts "secretName" .tls.secretName) | toJson }}{{ else }}[]{{ end -}}
{{- end }}
