#!/usr/bin/env bash
# Runs every test suite: xunit (unit and HTTP/WebSocket tests), then the interop tests with real
# clients (janode, libwebrtc in Node, janus.js in headless Chromium) inside a network namespace.
# Ends with one line: "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")"
root=$(pwd)
source scripts/tap-count.sh
results="$root/.artifacts/test-results"
rm -rf "$results" && mkdir -p "$results"

scripts/install-deps.sh || { echo "dependency installation failed"; echo "0 passed, 1 failed"; exit 1; }

passed=0
failed=0
count_trx() {
  local f total p fl
  for f in "$results"/*.trx; do
    [ -f "$f" ] || continue
    p=$(grep -o 'passed="[0-9]*"' "$f" | head -1 | grep -o '[0-9]*')
    fl=$(grep -o 'failed="[0-9]*"' "$f" | head -1 | grep -o '[0-9]*')
    passed=$((passed + ${p:-0}))
    failed=$((failed + ${fl:-0}))
  done
}

if ! dotnet build Janus.sln -c Release -nologo -v quiet; then
  echo "build failed"
  echo "0 passed, 1 failed"
  exit 1
fi

crashes=()
for proj in tests/*/*.csproj; do
  name=$(basename "$proj" .csproj)
  # --blame records the tests in flight if the test host dies, which a trx alone does not say.
  dotnet test "$proj" -c Release --no-build -nologo --blame --results-directory "$results/$name-blame" \
    --logger "trx;LogFileName=$results/$name.trx" --logger "console;verbosity=minimal"
  status=$?
  [ -f "$results/$name.trx" ] || { echo "$name produced no results"; failed=$((failed + 1)); continue; }
  # A crashed test host still writes a trx whose counts only cover what ran: count the crash as a failure.
  if [ "$status" -ne 0 ] && ! grep -q 'outcome="Failed"' "$results/$name.trx"; then
    crashes+=("$name")
    failed=$((failed + 1))
  fi
done
count_trx

# Each coverage-guided fuzz target replays its seed corpus once (the long runs are fuzz/run.sh), so a harness that no
# longer builds or a seed that now crashes a parser shows here.
fuzzer=fuzz/Janus.Fuzz/bin/Release/net10.0/Janus.Fuzz.dll
fuzz_failures=()
if [ -f "$fuzzer" ]; then
  for dir in fuzz/corpus/*/; do
    target=$(basename "$dir")
    if dotnet "$fuzzer" "$target" "$dir"* > "$results/fuzz-$target.log" 2>&1; then
      passed=$((passed + 1))
    else
      failed=$((failed + 1))
      fuzz_failures+=("$target")
    fi
  done
fi

# The counting of node's TAP below is itself checked, on a recorded sample.
if scripts/tap-count.test.sh >/dev/null; then
  passed=$((passed + 1))
else
  echo "FAILED: scripts/tap-count.test.sh (the interop counts below may be wrong)"
  failed=$((failed + 1))
fi

# Interop suites: the server and its WebRTC clients run inside a namespace that reaches nothing outside.
if [ -d tests/interop/media ]; then
  tap="$results/media.tap"
  tests/interop/netns.sh node --test --test-concurrency=1 --test-force-exit \
    --test-reporter=spec --test-reporter-destination=stdout \
    --test-reporter=tap --test-reporter-destination="$tap" \
    tests/interop/media/*.test.mjs
  status=$?
  # Count the leaf tests (scripts/tap-count.sh, checked by scripts/tap-count.test.sh): a test file that ends its
  # process (libwebrtc keeps Node alive) can cut off the reporter's summary, so the "# pass" lines are not reliable.
  read -r p fl < <(tap_count "$tap")
  if [ "${p:-0}" -eq 0 ] || { [ "$status" -ne 0 ] && [ "${fl:-0}" -eq 0 ]; }; then
    echo "interop run ended with status $status and no failure recorded: counting it as one failure"
    fl=$(( ${fl:-0} + 1 ))
  fi
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${fl:-0}))
fi

# Name every failed test right above the summary, so the tail of a CI log says what broke.
for f in "$results"/*.trx; do
  [ -f "$f" ] || continue
  grep -o '<UnitTestResult [^>]*outcome="Failed"[^>]*>' "$f" | grep -o 'testName="[^"]*"' | sed "s/^testName=/FAILED ($(basename "$f" .trx)): /"
done
[ -f "${tap:-}" ] && tap_failures "$tap" | sed 's/^/FAILED (interop): /'
for name in "${crashes[@]}"; do
  echo "FAILED ($name): the test host crashed or the run was aborted; tests in flight:"
  find "$results/$name-blame" -name 'Sequence_*.xml' -exec grep -o 'Name="[^"]*"' {} + 2>/dev/null | tail -5 | sed 's/^/  /'
done
for target in "${fuzz_failures[@]}"; do
  echo "FAILED (fuzz corpus): $target: $results/fuzz-$target.log"
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
