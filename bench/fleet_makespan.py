#!/usr/bin/env python3
"""The makespan of `pace run --fleet` on 1, 2 and 3 `pace worker` processes of one slot each, against
its lower bound and against a local `pace run --parallel N` of as many slots, side by side.

The project is parallel_makespan.py's "independent" scenario with --features features: a scripted
command agent sleeps --unit seconds per feature, then writes the feature's file and a test of it.
For each N a fresh repository (plain `git init`, a bare repository as its remote `origin`) and a
fresh database on the PostgreSQL that PACE_TEST_POSTGRES names (scripts/postgres.sh start DIR, then
. DIR/env) run the coordinator with N workers started beforehand; then a fresh repository runs the
same features locally with --parallel N. The bound is max(critical path, total work / N), the
agents' sleep only; the makespan over the bound, divided by the sessions one lane runs, is what each
session adds to its agent's time (the fixed cost that longer sessions make small). The database's committed transactions during the fleet run (pg_stat_database,
coordinator and workers together, heartbeats and presence included) are divided by the sessions.
Standard library and the psql client only; build pace first. No test asserts a time.

  python3 bench/fleet_makespan.py [--pace src/Pace.Cli/bin/Release/net10.0/pace] [--unit 2] [--features 12] [--workers 1,2,3]
"""
import argparse, os, shutil, subprocess, tempfile, time
from datetime import datetime, timezone

from parallel_makespan import bound, make_repo, run as run_local
from proof_cost import ENV, git, machine


def server():
    text = os.environ.get("PACE_TEST_POSTGRES") or ""
    if not text:
        raise SystemExit("PACE_TEST_POSTGRES is not set: start a cluster first (scripts/postgres.sh start DIR; . DIR/env)")
    parts = dict(p.split("=", 1) for p in text.split(";") if p)
    return parts["Host"], parts["Port"], parts["Username"]


def psql(database, sql):
    host, port, user = server()
    out = subprocess.run(["psql", "-X", "-qAt", "-h", host, "-p", port, "-U", user, "-d", database, "-c", sql], env=ENV, capture_output=True, text=True, check=True)
    return out.stdout.strip()


def committed(name):
    # Statistics reach pg_stat_database when a backend reports them (at most about every second).
    time.sleep(1.5)
    return int(psql("postgres", f"SELECT xact_commit FROM pg_stat_database WHERE datname = '{name}'") or 0)


def fleet_run(pace, top, features, workers):
    root = make_repo(top, features, [])
    remote = os.path.join(top, "remote.git")
    git(top, "init", "-q", "--bare", remote)
    git(root, "remote", "add", "origin", remote)
    git(root, "push", "-q", "origin", "main")
    name = f"pace_bench_{os.getpid()}_{workers}"
    psql("postgres", f"DROP DATABASE IF EXISTS {name}")
    psql("postgres", f"CREATE DATABASE {name}")
    host, port, user = server()
    connection = f"Host={host};Port={port};Username={user};Database={name}"
    command = ["dotnet", pace] if pace.endswith(".dll") else [pace]
    procs, logs = [], []
    try:
        for w in range(1, workers + 1):
            log = open(os.path.join(top, f"worker-{w}.log"), "w+")
            logs.append(log)
            procs.append(subprocess.Popen([*command, "worker", "--fleet", connection, "--name", f"w{w}", "--cache", os.path.join(top, f"w{w}")], cwd=top, env=ENV, stdout=log, stderr=subprocess.STDOUT))
        for log in logs:
            for _ in range(600):
                log.seek(0)
                if "waiting for work" in log.read():
                    break
                time.sleep(0.1)
        before = committed(name)
        start = time.perf_counter()
        result = subprocess.run([*command, "run", "--fleet", connection, "--parallel", str(len(features)), "--until-complete"], cwd=root, env=ENV, capture_output=True, text=True)
        makespan = time.perf_counter() - start
        after = committed(name)
        if result.returncode != 0:
            raise SystemExit(f"pace run --fleet with {workers} workers exited {result.returncode}:\n{result.stdout}\n{result.stderr}")
        sessions = int(psql(name, "SELECT count(*) FROM pace_fleet.work_items WHERE state = 'done'"))
        return makespan, sessions, (after - before) / max(1, sessions)
    finally:
        for p in procs:
            p.send_signal(2)
        for p in procs:
            try:
                p.wait(timeout=60)
            except subprocess.TimeoutExpired:
                p.kill()
        for log in logs:
            log.close()
        psql("postgres", f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--pace", default="src/Pace.Cli/bin/Release/net10.0/pace")
    p.add_argument("--unit", type=float, default=2.0, help="seconds of work per feature")
    p.add_argument("--features", type=int, default=12)
    p.add_argument("--workers", default="1,2,3")
    args = p.parse_args()
    pace = os.path.abspath(args.pace)
    features = [(f"F-{i}", args.unit, []) for i in range(1, args.features + 1)]
    print(f"date: {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC; machine: {machine()}; load {open('/proc/loadavg').read().split()[0]} at the start")
    print(f"{args.features} independent features, each agent sleeps {args.unit:g} s; workers of one slot each, on this machine; the local run has as many slots\n")
    print("| workers | bound (s) | fleet makespan (s) | fleet / bound | local --parallel makespan (s) | local / bound | fleet / local | fleet's extra s per session in a lane | transactions per session |")
    print("|---|---|---|---|---|---|---|---|---|")
    for workers in (int(w) for w in args.workers.split(",")):
        b, _, _ = bound(features, workers)
        top = tempfile.mkdtemp(prefix=f"pace-fleet-bench-{workers}-")
        local_top = tempfile.mkdtemp(prefix=f"pace-fleet-bench-local-{workers}-")
        try:
            fleet, sessions, transactions = fleet_run(pace, top, features, workers)
            local, _, _, _, _ = run_local(pace, make_repo(local_top, features, []), workers)
        finally:
            shutil.rmtree(top, ignore_errors=True)
            shutil.rmtree(local_top, ignore_errors=True)
        # What each of a lane's sessions adds to the agent's own time: the makespan over the bound, spread over the lane's sessions.
        lane = -(-len(features) // workers)
        print(f"| {workers} | {b:.1f} | {fleet:.1f} | {fleet / b:.2f} | {local:.1f} | {local / b:.2f} | {fleet / local:.2f} | {(fleet - b) / lane:.2f} | {transactions:.1f} |")


if __name__ == "__main__":
    main()
