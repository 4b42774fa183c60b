#!/usr/bin/env bash
# Starts the server with the bundled conf/ and plugins/, and the demo pages on http://127.0.0.1:8080/.
# Extra arguments are passed on (see ./start.sh --help for Janus's options).
set -euo pipefail
cd "$(dirname "$0")"
scripts/install-deps.sh --demos-only >&2
dotnet build src/Janus.Host -c Release -nologo -v quiet >&2
# Compiled plugins are not referenced by the host: build each one into its plugins/native folder.
for project in plugins/native/*/*.csproj; do
  [ -f "$project" ] && dotnet build "$project" -c Release -nologo -v quiet >&2
done
exec dotnet src/Janus.Host/bin/Release/net10.0/janus.dll -F conf -P plugins "$@"
