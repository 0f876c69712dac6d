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

# The fleet tests need a PostgreSQL server: a private cluster on a loopback port, installed from
# Debian's packages when missing, stopped when the tests end (scripts/postgres.sh).
pgdir=$(mktemp -d /tmp/pace-test-postgres.XXXXXX)
chmod 755 "$pgdir"
trap 'scripts/postgres.sh stop "$pgdir/cluster"; rm -rf "$pgdir"' EXIT
if scripts/postgres.sh start "$pgdir/cluster"; then
  . "$pgdir/cluster/env"
else
  echo "PostgreSQL did not start: the fleet tests will fail"
fi

# The dashboard's browser tests drive headless Chromium, installed from Debian's packages when missing
# (scripts/chromium.sh); the tests are told where it is.
if browser=$(scripts/chromium.sh); then
  export PACE_TEST_CHROMIUM="$browser"
else
  echo "Chromium is not available: the dashboard's browser tests will fail"
fi

passed=0 failed=0 skipped=0 status=0
# Adds one test run's xunit XML results to the totals.
count() {
  if [ -f "$1" ]; then
    line=$(grep -o '<assembly [^>]*>' "$1" | head -n 1)
    num() { echo "$line" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*' || echo 0; }
    passed=$((passed + $(num passed))); failed=$((failed + $(num failed))); skipped=$((skipped + $(num skipped)))
    errors=$(grep -o '<errors>.*' "$1" | grep -c '<error ' || true)
    failed=$((failed + errors))
  else
    echo "no results in $1"; failed=$((failed + 1)); status=1
  fi
}

for project in tests/*/*.Tests.csproj; do
  name=$(basename "$project" .csproj)
  exe="$root/tests/$name/bin/Release/net10.0/$name"
  [ -x "$exe" ] || { echo "missing test executable $exe"; failed=$((failed + 1)); status=1; continue; }
  echo "== $name"
  (cd "$root/tests/$name/bin/Release/net10.0" && "$exe" -noLogo -noColor -xml "$results/$name.xml" "$@") || status=1
  count "$results/$name.xml"
done

# The command tests again, against the Native AOT binary that scripts/install.sh installs
# (docs/performance.md). It needs a C toolchain; without one this pass is reported as skipped.
# The crash suites are left out of this pass: they kill and resume the run at hundreds of points to
# test the state machine and the git steps, which are the same code in both builds, and they are
# half the suite's time; the managed pass above runs them.
native="$root/artifacts/native"
if command -v clang >/dev/null || command -v gcc >/dev/null; then
  echo "== Pace.Cli.Tests against the native binary (publishing it to artifacts/native)"
  if dotnet publish src/Pace.Cli -c Release -p:PublishAot=true -o "$native" --nologo -v quiet -clp:ErrorsOnly </dev/null; then
    (cd "$root/tests/Pace.Cli.Tests/bin/Release/net10.0" && PACE_TEST_BINARY="$native/pace" ./Pace.Cli.Tests -noLogo -noColor -xml "$results/Pace.Cli.Tests.native.xml" \
      -class- "Pace.Cli.Tests.Faults.CrashPointTests" -class- "Pace.Cli.Tests.Specs.SpecCrashPointTests" "$@") || status=1
    count "$results/Pace.Cli.Tests.native.xml"
  else
    echo "native publish failed"; failed=$((failed + 1)); status=1
  fi
else
  echo "== native binary: skipped (Native AOT needs clang or gcc on the PATH)"; skipped=$((skipped + 1))
fi

[ "$failed" -eq 0 ] || status=1
if [ "$skipped" -gt 0 ]; then
  echo "$passed passed, $failed failed, $skipped skipped"
else
  echo "$passed passed, $failed failed"
fi
exit $status
