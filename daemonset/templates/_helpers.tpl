{{/* The chart's name, or nameOverride. */}}
{{- define "nodecollector.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Resource names: fullnameOverride, or the release name with the chart's name unless it already holds it. */}}
{{- define "nodecollector.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := include "nodecollector.name" . }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "nodecollector.selectorLabels" -}}
app.kubernetes.io/name: {{ include "nodecollector.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "nodecollector.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "nodecollector.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "nodecollector.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "nodecollector.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- required "serviceAccount.name is required when serviceAccount.create is false" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* Paths inside the container; the config points at the same ones. */}}
{{- define "nodecollector.stateDir" -}}/var/lib/nodecollector{{- end }}
{{- define "nodecollector.textfileDir" -}}/var/lib/nodecollector/textfile{{- end }}
{{- define "nodecollector.configDir" -}}/etc/nodecollector{{- end }}
