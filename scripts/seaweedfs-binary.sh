#!/usr/bin/env bash
# Builds SeaweedFS's `weed` (the S3 server the tests run on loopback) from the Go module proxy at
# the version pinned in the parent pom, into a cache folder keyed by that version. A second run
# finds it and builds nothing.
#
#   scripts/seaweedfs-binary.sh      builds (or finds) the binary, prints its path
#
# `go install github.com/seaweedfs/seaweedfs/weed@v` is refused because the module's go.mod has a
# replace directive; a module of our own requires it and repeats that replace instead.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
pom_property() { sed -n "s:.*<$1>\(.*\)</$1>.*:\1:p" "$here/../pom.xml" | head -1; }
VERSION="${SEAWEEDFS_VERSION:-$(pom_property seaweedfs.version)}"
root="${LAKEHOUSE_SEAWEEDFS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/lakehouse/seaweedfs}"
out="$root/$VERSION"
if [ -x "$out/weed" ]; then
  echo "$out/weed"
  exit 0
fi

command -v go >/dev/null || { echo "seaweedfs-binary: Go 1.26+ is needed to build weed" >&2; exit 1; }
export GOTOOLCHAIN=local CGO_ENABLED=0 GOFLAGS=-mod=mod
start=$(date +%s)
build="$root/build/$VERSION"
mkdir -p "$build" "$out"
cd "$build"

module=github.com/seaweedfs/seaweedfs
mod_file=$(go mod download -json "$module@$VERSION" | sed -n 's/^\s*"GoMod": "\(.*\)",$/\1/p')
[ -n "$mod_file" ] || { echo "seaweedfs-binary: $module@$VERSION is not on the module proxy" >&2; exit 1; }
{
  echo "module lakehouse.dev/seaweedfs-binary"
  echo
  echo "go $(sed -n 's/^go //p' "$mod_file")"
  echo
  echo "require $module $VERSION"
  echo
  grep '^replace ' "$mod_file" || true
} > go.mod
touch go.sum

echo "seaweedfs-binary: building weed $VERSION" >&2
go build -trimpath -ldflags "-s -w" -o "$out/weed.partial" "$module/weed"
mv "$out/weed.partial" "$out/weed"
echo "seaweedfs-binary: built in $(( $(date +%s) - start )) s" >&2
echo "$out/weed"
