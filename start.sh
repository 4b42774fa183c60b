#!/usr/bin/env bash
# Starts the server with the bundled conf/ and plugins/, and the demo pages on http://127.0.0.1:8080/.
# Extra arguments are passed on (see ./start.sh --help for Janus's options).
set -euo pipefail
cd "$(dirname "$0")"
server=src/Janus.Host/bin/Release/net10.0/janus.dll

# --help and --version answer at once, without installing or building: from the last build if there is one,
# else from the summary below.
for arg in "$@"; do
  case "$arg" in
    -h|--help|-V|--version)
      if [ -f "$server" ] && command -v dotnet >/dev/null; then
        exec dotnet "$server" "$arg"
      fi
      cat <<'HELP'
Usage: ./start.sh [OPTION]...
Starts the server with conf/ and plugins/ (installing the demo pages' npm packages and building first):
HTTP API :8088/janus, WebSocket :8188, Admin API :7088/admin, demo pages on http://127.0.0.1:8080/.
Options are Janus's own (the command line wins over conf/*.jcfg), for example:
  -d, --debug-level=1-7         Log level  (default=4)
  -D, --debug-timestamps        Put a timestamp on every log line (conf/janus.jcfg does)
  -L, --log-file=path           Also log to this file
  -n, --server-name=name        Name this server reports about itself
  -a, --apisecret=randomstring  Secret every Janus API request must carry
  -A, --token-auth              Require a token on every request
  -r, --rtp-port-range=min-max  UDP port range for media
  -i, --interface=ipaddress     Address to use as our own (the public IP written in SDP)
      --no-demos                Do not serve the demo pages
      --demos-ip=ipaddress      Address the demo pages listen on  (default=127.0.0.1)
      --demos-port=number       Port of the demo pages  (default=8080)
The server is not built yet, so this is a summary. For the full list:
  dotnet build src/Janus.Host -c Release && ./start.sh --help
HELP
      exit 0
      ;;
  esac
done

scripts/install-deps.sh --demos-only >&2
dotnet build src/Janus.Host -c Release -nologo -v quiet >&2
# Compiled plugins are not referenced by the host: build each one into its plugins/native folder.
for project in plugins/native/*/*.csproj; do
  [ -f "$project" ] && dotnet build "$project" -c Release -nologo -v quiet >&2
done
exec dotnet "$server" -F conf -P plugins "$@"
