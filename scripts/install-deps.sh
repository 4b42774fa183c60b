#!/usr/bin/env bash
# Installs, idempotently, what the server and the tests need beyond the .NET SDK, node and npm:
# Debian packages (Chromium for browser tests; libsrtp2, libusrsctp2, openssl and janus-tools for cross-checks
# against reference stacks; libopus for audio)
# and the npm packages of the demo pages and the interop tests.
# With --demos-only (what ./start.sh uses) it installs just the demo pages' npm packages.
set -euo pipefail
cd "$(dirname "$0")/.."
demos_only=false
[ "${1:-}" = "--demos-only" ] && demos_only=true

want_debs=()
if ! $demos_only; then
[ -x /usr/bin/chromium ] || want_debs+=(chromium)
[ -e /usr/lib/x86_64-linux-gnu/libsrtp2.so.1 ] || want_debs+=(libsrtp2-1)
[ -e /usr/lib/x86_64-linux-gnu/libopus.so.0 ] || want_debs+=(libopus0)
[ -e /usr/lib/x86_64-linux-gnu/libusrsctp.so.2 ] || want_debs+=(libusrsctp2)
command -v openssl >/dev/null || want_debs+=(openssl)
# Janus's own post-processor reads our .mjr recordings in the recording test.
command -v janus-pp-rec >/dev/null || want_debs+=(janus-tools)
command -v ip >/dev/null || want_debs+=(iproute2)
if [ "${#want_debs[@]}" -gt 0 ]; then
  echo "installing Debian packages: ${want_debs[*]}"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${want_debs[@]}" >/dev/null
fi
fi

npm_dirs=(html tests/interop/media tests/interop/janode)
$demos_only && npm_dirs=(html)
for dir in "${npm_dirs[@]}"; do
  [ -f "$dir/package.json" ] || continue
  # npm ci only when the lock file changed since the last install.
  stamp="$dir/node_modules/.installed-lock"
  if [ ! -f "$stamp" ] || ! cmp -s "$dir/package-lock.json" "$stamp"; then
    echo "installing npm packages in $dir"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
    cp "$dir/package-lock.json" "$stamp"
  fi
done
