#!/usr/bin/env bash
# Runs a command inside a fresh network namespace that can reach nothing outside this machine:
# loopback up, plus a veth pair carrying 10.99.0.1/24 and the default route, because browsers and
# libwebrtc gather no candidate without a non-loopback interface. Both veth ends stay in the namespace.
set -euo pipefail
if [ "$#" -eq 0 ]; then
  echo "usage: $0 command [args...]" >&2
  exit 2
fi
exec unshare -n -- bash -c '
  set -e
  ip link set lo up
  ip link add v0 type veth peer name v1
  ip addr add 10.99.0.1/24 dev v0
  ip link set v0 up
  ip link set v1 up
  ip route add default dev v0
  exec "$@"
' netns "$@"
