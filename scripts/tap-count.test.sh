#!/usr/bin/env bash
# Checks tap_count and tap_failures on a TAP file node 20 wrote for two small test files (scripts/testdata):
# a describe() with a failing leaf and a nested describe, a test() with two t.test() subtests, a plain test that
# logs "1..5" (a comment, not a plan), a skipped test, and a second file. Node's own summary says tests 9,
# pass 7, fail 1, skipped 1: it counts the test() that has subtests; we count leaves only (6 passed, 1 failed).
set -euo pipefail
cd "$(dirname "$0")"
source ./tap-count.sh
sample=testdata/node-tap-sample.tap
status=0

expect() {
  if [ "$2" != "$3" ]; then
    echo "FAIL $1: expected '$3', got '$2'"
    status=1
  else
    echo "ok $1"
  fi
}

expect "leaf tests counted, parents and skips not" "$(tap_count "$sample")" "6 1"
expect "failed leaves named" "$(tap_failures "$sample")" "leaf b"
expect "a missing file counts nothing" "$(tap_count /nonexistent.tap)" "0 0"

# A test file that fails to load has no subtests: its own line is the leaf.
printf 'TAP version 13\n# Subtest: /x/broken.test.mjs\nnot ok 1 - /x/broken.test.mjs\n  ---\n  ...\n1..1\n' > "${TMPDIR:-/tmp}/tap-count-broken.$$"
expect "a file that fails to load is one failure" "$(tap_count "${TMPDIR:-/tmp}/tap-count-broken.$$")" "0 1"
rm -f "${TMPDIR:-/tmp}/tap-count-broken.$$"

# Older node wraps each file in a test of its own: the wrapper is a parent, not a test.
printf 'TAP version 13\n# Subtest: /x/a.test.mjs\n    # Subtest: one\n    ok 1 - one\n    # Subtest: two\n    ok 2 - two\n    1..2\nok 1 - /x/a.test.mjs\n1..1\n' > "${TMPDIR:-/tmp}/tap-count-wrapped.$$"
expect "per-file wrappers are not counted" "$(tap_count "${TMPDIR:-/tmp}/tap-count-wrapped.$$")" "2 0"
rm -f "${TMPDIR:-/tmp}/tap-count-wrapped.$$"

exit $status
