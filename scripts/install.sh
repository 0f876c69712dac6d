#!/usr/bin/env bash
# Installs pace as one native executable (Native AOT; it starts in milliseconds, see
# docs/performance.md) into ~/.local/bin, or into the folder given as the first argument.
# Needs the .NET 10 SDK (it builds net9.0 for Native AOT and fetches that pack from NuGet) and a C
# toolchain (clang or gcc) with zlib. Reads nothing from standard input.
set -euo pipefail
cd "$(dirname "$0")/.."
target="${1:-$HOME/.local/bin}"
out="artifacts/native"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
if ! command -v clang >/dev/null && ! command -v gcc >/dev/null; then
  echo "install.sh: Native AOT needs clang or gcc (for example: sudo apt-get install clang zlib1g-dev)" >&2
  echo "install.sh: or install the .NET tool instead: see 'Install' in README.md" >&2
  exit 1
fi

dotnet publish src/Pace.Cli -c Release -p:PublishAot=true -o "$out" --nologo -v quiet -clp:ErrorsOnly </dev/null
mkdir -p "$target"
# Copy then rename, so a pace that is running (or a failed copy) never sees a half-written file.
cp "$out/pace" "$target/.pace.new" && mv -f "$target/.pace.new" "$target/pace"
echo "installed $target/pace ($("$target/pace" --version))"
case ":$PATH:" in
  *":$target:"*) ;;
  *) echo "note: $target is not on your PATH; add it, for example: export PATH=\"$target:\$PATH\"" ;;
esac
