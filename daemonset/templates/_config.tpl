{{/*
The collector's configuration file, built from .Values.collector. Host paths are the container's mount points
(daemonset.yaml); the node name comes from the downward API.
*/}}
{{- define "nodecollector.config" -}}
{{- $c := .Values.collector -}}
{{- $state := include "nodecollector.stateDir" . -}}
server:
  listen_address: 0.0.0.0:{{ .Values.port }}
node:
  name: ${env:NODE_NAME}
  procfs: /host/proc
  sysfs: /host/sys
  rootfs: /host/root
kubernetes:
  enabled: true
global:
  scrape_interval: {{ $c.scrapeInterval }}
  scrape_timeout: {{ $c.scrapeTimeout }}
  {{- with $c.externalLabels }}
  external_labels:
    {{- toYaml . | nindent 4 }}
  {{- end }}
host_metrics:
  enabled: {{ $c.hostMetrics.enabled }}
  interval: {{ $c.hostMetrics.interval }}
  collectors: {{ toJson $c.hostMetrics.collectors }}
  textfile:
    directory: {{ include "nodecollector.textfileDir" . }}
kubelet:
  enabled: {{ $c.kubelet.enabled }}
  tls_config:
    ca_file: {{ $c.kubelet.caFile | quote }}
    {{- with $c.kubelet.serverName }}
    server_name: {{ . | quote }}
    {{- end }}
  paths: {{ toJson $c.kubelet.paths }}
  {{- with $c.kubelet.metricRelabelConfigs }}
  metric_relabel_configs:
    {{- toYaml . | nindent 4 }}
  {{- end }}
{{- $scrapes := $c.extraScrapeConfigs }}
{{- if $c.annotatedPods }}
{{- $scrapes = prepend $scrapes (include "nodecollector.annotatedPodsJob" . | fromYaml) }}
{{- end }}
scrape_configs:
{{- if $scrapes }}
  {{- toYaml $scrapes | nindent 2 }}
{{- else }} []
{{- end }}
{{- with $c.remoteWrite.url }}
remote_write:
  - url: {{ . | quote }}
    {{- with (default $c.tenant $c.remoteWrite.tenantId) }}
    tenant_id: {{ . | quote }}
    {{- end }}
    {{- with $c.remoteWrite.headers }}
    headers:
      {{- toYaml . | nindent 6 }}
    {{- end }}
    {{- with $c.remoteWrite.bearerTokenFile }}
    bearer_token_file: {{ . | quote }}
    {{- end }}
    {{- with $c.remoteWrite.writeRelabelConfigs }}
    write_relabel_configs:
      {{- toYaml . | nindent 6 }}
    {{- end }}
{{- end }}
wal:
  dir: {{ $state }}/wal
  max_size: {{ $c.wal.maxSize }}
  max_age: {{ $c.wal.maxAge }}
logs:
  enabled: {{ $c.logs.enabled }}
  pods_dir: {{ .Values.hostPaths.podLogs | quote }}
  positions_file: {{ $state }}/positions.json
  start_position: {{ $c.logs.startPosition }}
  {{- $relabel := concat $c.logs.relabelConfigs $c.logs.extraRelabelConfigs }}
  {{- with $relabel }}
  relabel_configs:
    {{- toYaml . | nindent 4 }}
  {{- end }}
{{- with $c.loki.url }}
loki:
  url: {{ . | quote }}
  {{- with (default $c.tenant $c.loki.tenantId) }}
  tenant_id: {{ . | quote }}
  {{- end }}
{{- end }}
limits:
  memory_budget: {{ $c.memoryBudget }}
{{- end }}

{{/* The annotated-pods job of examples/nodecollector.yaml, plus the node label so every target names its node. */}}
{{- define "nodecollector.annotatedPodsJob" -}}
job_name: kubernetes-pods
kubernetes_sd_configs:
  - role: pod
relabel_configs:
  - source_labels: [__meta_kubernetes_pod_annotation_prometheus_io_scrape]
    action: keep
    regex: "true"
  - source_labels: [__meta_kubernetes_pod_annotation_prometheus_io_scheme]
    target_label: __scheme__
    regex: (https?)
  - source_labels: [__meta_kubernetes_pod_annotation_prometheus_io_path]
    target_label: __metrics_path__
    regex: (.+)
  - source_labels: [__address__, __meta_kubernetes_pod_annotation_prometheus_io_port]
    target_label: __address__
    regex: ([^:]+)(?::\d+)?;(\d+)
    replacement: $1:$2
  - action: labelmap
    regex: __meta_kubernetes_pod_label_(.+)
  - source_labels: [__meta_kubernetes_namespace]
    target_label: namespace
  - source_labels: [__meta_kubernetes_pod_name]
    target_label: pod
  - source_labels: [__meta_kubernetes_pod_node_name]
    target_label: node
{{- end }}
