#!/usr/bin/env bash
# Builds the real Kubernetes control plane the operator tests run against (kube-apiserver,
# kube-controller-manager, kube-scheduler, kubectl, etcd) from the Go module proxy, at the pinned
# release, into a cache folder keyed by the versions. A second run finds them and builds nothing.
#
#   scripts/k8s-binaries.sh          builds (or finds) the binaries, prints their folder
#
# `go install k8s.io/kubernetes/cmd/...@v` is refused because k8s.io/kubernetes's go.mod replaces
# its staging modules with local folders; a module of our own requires it and replaces each
# staging module with the version published for the same release instead.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
pom_property() { sed -n "s:.*<$1>\(.*\)</$1>.*:\1:p" "$here/../pom.xml" | head -1; }
# Pinned in the parent pom; etcd at the version the release's own go.mod requires.
K8S_VERSION="${K8S_VERSION:-$(pom_property kubernetes.version)}"
ETCD_VERSION="${ETCD_VERSION:-$(pom_property etcd.version)}"
# Laid out the way io.fabric8:kube-api-test looks for binaries: <dir>/k8s/<version>-linux-amd64/.
root="${LAKEHOUSE_K8S_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/lakehouse/kube-api-test}"
out="$root/k8s/${K8S_VERSION}-linux-amd64"
binaries=(kube-apiserver kube-controller-manager kube-scheduler kubectl etcd-server etcd)

complete() {
  [ -f "$out/.etcd-$ETCD_VERSION" ] || return 1
  for b in "${binaries[@]}"; do [ -x "$out/$b" ] || return 1; done
}
if complete; then
  echo "$out"
  exit 0
fi

command -v go >/dev/null || { echo "k8s-binaries: Go 1.26+ is needed to build the control plane" >&2; exit 1; }
export GOTOOLCHAIN=local CGO_ENABLED=0 GOFLAGS=-mod=mod
start=$(date +%s)
build="$root/build/${K8S_VERSION}"
mkdir -p "$build" "$out"
cd "$build"

# The release's go.mod names its staging modules; each is published as v0.<minor>.<patch>.
mod_file=$(go mod download -json "k8s.io/kubernetes@v${K8S_VERSION}" \
  | sed -n 's/^\s*"GoMod": "\(.*\)",$/\1/p')
staging=$(sed -n 's#^\s*\(k8s.io/[a-z0-9-]*\) => ./staging/.*#\1#p' "$mod_file")
[ -n "$staging" ] || { echo "k8s-binaries: no staging modules found in $mod_file" >&2; exit 1; }
staging_version="v0.${K8S_VERSION#*.}"

{
  echo "module lakehouse.dev/k8s-binaries"
  echo
  echo "go $(sed -n 's/^go //p' "$mod_file")"
  echo
  echo "require ("
  echo "  k8s.io/kubernetes v${K8S_VERSION}"
  echo "  go.etcd.io/etcd/server/v3 v${ETCD_VERSION}"
  echo ")"
  echo
  echo "replace ("
  for m in $staging; do echo "  $m => $m $staging_version"; done
  echo ")"
} > go.mod
touch go.sum

major="${K8S_VERSION%%.*}"
minor="${K8S_VERSION#*.}"; minor="${minor%%.*}"
stamp=""
for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
  stamp+=" -X $pkg.gitVersion=v${K8S_VERSION} -X $pkg.gitMajor=${major} -X $pkg.gitMinor=${minor}"
  stamp+=" -X $pkg.gitTreeState=clean -X $pkg.buildDate=1970-01-01T00:00:00Z"
done
ldflags="-s -w${stamp}"

for b in kube-apiserver kube-controller-manager kube-scheduler kubectl; do
  echo "k8s-binaries: building $b v${K8S_VERSION}" >&2
  go build -trimpath -ldflags "$ldflags" -o "$out/$b" "k8s.io/kubernetes/cmd/$b"
done
echo "k8s-binaries: building etcd v${ETCD_VERSION}" >&2
go build -trimpath -ldflags "-s -w" -o "$out/etcd-server" "go.etcd.io/etcd/server/v3"
# kube-api-test starts etcd with client URLs on 0.0.0.0; the tests keep every server on loopback.
cat > "$out/etcd" <<'WRAPPER'
#!/bin/sh
# etcd on 127.0.0.1 only, whatever address its caller asked for.
here="$(dirname "$0")"
for arg; do
  shift
  set -- "$@" "$(printf '%s' "$arg" | sed 's#http://0\.0\.0\.0:#http://127.0.0.1:#g')"
done
exec "$here/etcd-server" "$@"
WRAPPER
chmod +x "$out/etcd"
touch "$out/.etcd-$ETCD_VERSION"
echo "k8s-binaries: built in $(( $(date +%s) - start )) s" >&2
echo "$out"
