#!/usr/bin/env bash
# Runs the whole test suite: builds the solution, runs every test project under tests/, and ends
# with one line "N passed, N failed". Exit code 0 only when every test passed.
# Whatever the tests need is installed by the tests themselves (see tests/README.md).
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
results="$root/artifacts/test-results"
rm -rf "$results" && mkdir -p "$results"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
if ! dotnet build Pace.slnx -c Release --nologo -v quiet -clp:ErrorsOnly; then
  echo "build failed"
  echo "0 passed, 1 failed"
  exit 1
fi

passed=0 failed=0 skipped=0 status=0
for project in tests/*/*.Tests.csproj; do
  name=$(basename "$project" .csproj)
  exe="$root/tests/$name/bin/Release/net10.0/$name"
  [ -x "$exe" ] || { echo "missing test executable $exe"; failed=$((failed + 1)); status=1; continue; }
  echo "== $name"
  (cd "$root/tests/$name/bin/Release/net10.0" && "$exe" -noLogo -noColor -xml "$results/$name.xml" "$@") || status=1
  if [ -f "$results/$name.xml" ]; then
    line=$(grep -o '<assembly [^>]*>' "$results/$name.xml" | head -n 1)
    num() { echo "$line" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*' || echo 0; }
    passed=$((passed + $(num passed))); failed=$((failed + $(num failed))); skipped=$((skipped + $(num skipped)))
    errors=$(grep -o '<errors>.*' "$results/$name.xml" | grep -c '<error ' || true)
    failed=$((failed + errors))
  else
    echo "no results from $name"; failed=$((failed + 1)); status=1
  fi
done

[ "$failed" -eq 0 ] || status=1
if [ "$skipped" -gt 0 ]; then
  echo "$passed passed, $failed failed, $skipped skipped"
else
  echo "$passed passed, $failed failed"
fi
exit $status
