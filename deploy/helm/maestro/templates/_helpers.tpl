{{/* Labels every object of the release carries. */}}
{{- define "maestro.labels" -}}
app.kubernetes.io/part-of: maestro
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{/* The Secret holding URIs and keys. */}}
{{- define "maestro.secretName" -}}
{{- default (printf "%s-secrets" .Release.Name) .Values.existingSecret -}}
{{- end -}}

{{/* MAESTRO_SERVICES_<NAME>_URL for a service name. */}}
{{- define "maestro.urlVariable" -}}
{{- printf "MAESTRO_SERVICES_%s_URL" (. | upper | replace "-" "_") -}}
{{- end -}}
