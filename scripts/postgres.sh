#!/usr/bin/env bash
# A private PostgreSQL cluster for the fleet tests, on a free loopback port, run by an unprivileged
# user (PostgreSQL refuses root), stopped after the tests.
#   scripts/postgres.sh start DIR   installs PostgreSQL from Debian's packages when it is missing,
#                                   makes a cluster in DIR and starts it; DIR/env then holds
#                                   PACE_TEST_POSTGRES (a connection string without a password) and
#                                   PGPASSFILE (the password file), for `. DIR/env`
#   scripts/postgres.sh restart DIR stops it and starts it again on the same port
#   scripts/postgres.sh stop DIR    stops it (DIR can then be removed)
# PACE_PG_LISTEN=ADDRESS makes it listen on that address instead (port 5432), for a database host in a
# network namespace of the tests; clients of its subnet may then connect, with the password.
set -euo pipefail
action=${1:?start or stop}
dir=${2:?the cluster folder}

bindir() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

# Runs a command as the cluster's owner: root hands it to the postgres user, anyone else runs it as themself.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u "$owner" -- "$@"; else "$@"; fi
}

owner=$(id -un)
if [ "$(id -u)" -eq 0 ]; then
  id postgres >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin postgres
  owner=postgres
fi

case "$action" in
  start)
    bin=$(bindir)
    if [ -z "$bin" ]; then
      if [ "$(id -u)" -ne 0 ]; then echo "postgres.sh: PostgreSQL is not installed and installing it needs root" >&2; exit 1; fi
      echo "postgres.sh: installing PostgreSQL from Debian's packages" >&2
      DEBIAN_FRONTEND=noninteractive apt-get update -qq </dev/null >/dev/null
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql </dev/null >/dev/null
      bin=$(bindir)
    fi
    mkdir -p "$dir"
    if ! as_owner test -x "$(dirname "$dir")"; then
      echo "postgres.sh: $owner cannot reach $(dirname "$dir"); give the cluster a folder it can reach" >&2; exit 1
    fi
    chmod 700 "$dir"
    [ "$(id -u)" -eq 0 ] && chown "$owner" "$dir"
    password=$(head -c 18 /dev/urandom | od -An -tx1 | tr -d ' \n')
    umask 077
    printf '%s\n' "$password" > "$dir/password"
    [ "$(id -u)" -eq 0 ] && chown "$owner" "$dir/password"
    as_owner "$bin/initdb" -D "$dir/data" -U pace --pwfile="$dir/password" --auth=scram-sha-256 -E UTF8 --locale=C >/dev/null
    rm -f "$dir/password"
    listen=${PACE_PG_LISTEN:-127.0.0.1}
    if [ "$listen" = 127.0.0.1 ]; then
      port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    else
      port=5432
      printf 'host all all samenet scram-sha-256\n' >> "$dir/data/pg_hba.conf"
    fi
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/data/server.log" -w -t 60 \
      -o "-c listen_addresses=$listen -p $port -k $dir -c fsync=off -c max_connections=200" start >/dev/null
    # The password goes to a password file (as ~/.pgpass would hold it), never into the environment that agents inherit.
    printf '%s:%s:*:pace:%s\n' "$listen" "$port" "$password" > "$dir/pgpass"
    printf 'export PACE_TEST_POSTGRES="Host=%s;Port=%s;Username=pace;Database=postgres"\nexport PGPASSFILE=%s\n' "$listen" "$port" "$dir/pgpass" > "$dir/env"
    echo "postgres.sh: PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on $listen:$port ($dir)" >&2
    ;;
  restart)
    # Stops the server and starts it again on the same port (the fleet tests' "database restarted").
    as_owner "$(bindir)/pg_ctl" -D "$dir/data" -m fast -w -t 60 restart >/dev/null
    ;;
  stop)
    bin=$(bindir)
    if [ -n "$bin" ] && [ -f "$dir/data/postmaster.pid" ]; then
      as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null || true
    fi
    ;;
  *) echo "postgres.sh: start, restart or stop, not $action" >&2; exit 2 ;;
esac
