#!/usr/bin/env bash
# Runs one fuzz target under afl-fuzz for a given time, then prints its executions, paths and crashes.
#   fuzz/run.sh TARGET SECONDS      targets: sdp stun rtp rtcp dtls sctp jcfg api (fuzz/README.md)
# Findings go to fuzz/findings/TARGET/ (not committed): crashes/ holds the inputs to replay, with the uninstrumented
# build (fuzz/out/ needs afl): dotnet fuzz/Janus.Fuzz/bin/Release/net10.0/Janus.Fuzz.dll TARGET FILE...
set -euo pipefail
if [[ $# -ne 2 ]]; then
  echo "usage: $0 TARGET SECONDS" >&2
  exit 2
fi
target=$1
seconds=$2
here=$(cd "$(dirname "$0")" && pwd)
corpus=$here/corpus/$target
out=$here/out
findings=$here/findings/$target
[[ -d $corpus ]] || { echo "no corpus for target '$target' in $corpus" >&2; exit 2; }

# afl-fuzz from Debian's afl++, sharpfuzz from NuGet (the instrumenter is a dotnet tool).
command -v afl-fuzz >/dev/null || { apt-get update -qq && apt-get install -y -qq afl++ >/dev/null; }
export PATH="$PATH:$HOME/.dotnet/tools"
command -v sharpfuzz >/dev/null || dotnet tool install --global SharpFuzz.CommandLine --version 2.3.0 >/dev/null

# A fresh copy each run: sharpfuzz rewrites the assemblies in place, and instrumenting twice breaks them.
rm -rf "$out"
dotnet publish "$here/Janus.Fuzz/Janus.Fuzz.csproj" -c Release -o "$out" -nologo -v quiet >/dev/null
for assembly in Janus.Core.dll Janus.Media.dll; do
  sharpfuzz "$out/$assembly" >/dev/null
done

rm -rf "$findings"
mkdir -p "$findings"
# dotnet itself is not instrumented (SharpFuzz reports the coverage), so afl's binary check is skipped; the
# machine is shared, so afl binds to no core; containers rarely let us set core_pattern.
export AFL_SKIP_BIN_CHECK=1 AFL_NO_AFFINITY=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_SKIP_CPUFREQ=1
export AFL_NO_UI=1 AFL_QUIET=1 DOTNET_TieredPGO=0
# -t: the first input pays for the JIT; -m none: the runtime reserves far more address space than afl's default.
dictionary=()
[[ -f $here/dict/$target.dict ]] && dictionary=(-x "$here/dict/$target.dict")
afl-fuzz -V "$seconds" -t 5000 -m none "${dictionary[@]}" -i "$corpus" -o "$findings" -- dotnet "$out/Janus.Fuzz.dll" "$target" \
  > "$findings/afl.log" 2>&1 || { tail -30 "$findings/afl.log" >&2; exit 1; }

stats=$findings/default/fuzzer_stats
stat() { awk -F' *: *' -v k="$1" '$1 == k { print $2 }' "$stats"; }
crashes=$(stat saved_crashes); [[ -n $crashes ]] || crashes=$(stat unique_crashes)
paths=$(stat corpus_count); [[ -n $paths ]] || paths=$(stat paths_total)
echo "$target: $(stat execs_done) executions in $(stat run_time)s, $paths paths ($(stat corpus_found) found), $crashes crashes, $(stat saved_hangs) hangs"
