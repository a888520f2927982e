{{/* The release's name for its objects, at most 63 characters. */}}
{{- define "lakehouse-operator.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "lakehouse-operator.selectorLabels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "lakehouse-operator.labels" -}}
{{ include "lakehouse-operator.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{- define "lakehouse-operator.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "lakehouse-operator.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- required "serviceAccount.name is required when serviceAccount.create is false" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{- define "lakehouse-operator.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) -}}
{{- end -}}

{{/*
Refuses the project's default images in a chart that no release published: they do not exist yet,
and the pods would wait in ImagePullBackOff without a word.
*/}}
{{- define "lakehouse-operator.checkImages" -}}
{{- if not .Values.releasedImages -}}
{{- $build := "no release has published the project's images for this chart: build them from this checkout with scripts/images.sh (kind, minikube, or push them to your registry) and install with --set image.repository=lakehouse-operator --set image.tag=dev --set images.jobs=lakehouse-jobs:dev --set images.metastore=lakehouse-metastore:dev (see the README)" -}}
{{- if hasPrefix "ghcr.io/lakehouse-dev/" .Values.image.repository -}}
{{- fail (printf "image.repository %s: %s" .Values.image.repository $build) -}}
{{- end -}}
{{- if hasPrefix "ghcr.io/lakehouse-dev/" .Values.images.jobs -}}
{{- fail (printf "images.jobs %s: %s" .Values.images.jobs $build) -}}
{{- end -}}
{{- if hasPrefix "ghcr.io/lakehouse-dev/" .Values.images.metastore -}}
{{- fail (printf "images.metastore %s: %s" .Values.images.metastore $build) -}}
{{- end -}}
{{- end -}}
{{- end -}}
