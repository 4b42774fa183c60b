#!/usr/bin/env bash
# Counts the tests in a TAP file written by `node --test --test-reporter=tap`.
# Node nests results: a describe() block or a test() with t.test() subtests prints its children, then their plan
# ("1..N", indented one level deeper), then its own "ok"/"not ok" line. Only leaf tests are counted, as xunit counts
# tests: a parent line repeats its children's outcome. A "# SKIP" or "# TODO" result is neither passed nor failed.
# The "# pass"/"# fail" summary is not used: a test file that ends its process can cut it off.
#
#   tap_count FILE        prints "PASSED FAILED"
#   tap_failures FILE     prints the name of each failed leaf test, one a line
# Run alone: scripts/tap-count.sh FILE

tap_leaves() {
  # Prints "pass NAME", "fail NAME" or "skip NAME" for each leaf result.
  awk '
    /^ *1\.\.[0-9]+ *$/ {
      match($0, /^ */)
      parent[RLENGTH - 4] = 1
      next
    }
    /^ *(not )?ok [0-9]+/ {
      match($0, /^ */)
      indent = RLENGTH
      if (parent[indent]) { parent[indent] = 0; next }
      line = substr($0, indent + 1)
      name = line
      sub(/^(not )?ok [0-9]+( - )?/, "", name)
      if (line ~ /# *([Ss][Kk][Ii][Pp]|[Tt][Oo][Dd][Oo])/) print "skip " name
      else if (line ~ /^not ok/) print "fail " name
      else print "pass " name
    }
  ' "$1"
}

tap_count() {
  [ -f "$1" ] || { echo "0 0"; return; }
  tap_leaves "$1" | awk '$1 == "pass" { p++ } $1 == "fail" { f++ } END { print p + 0, f + 0 }'
}

tap_failures() {
  [ -f "$1" ] || return 0
  tap_leaves "$1" | sed -n 's/^fail //p'
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  set -euo pipefail
  [ $# -eq 1 ] || { echo "usage: $0 FILE.tap" >&2; exit 2; }
  tap_count "$1"
fi
