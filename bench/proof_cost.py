#!/usr/bin/env python3
"""The cost of the red-then-green proof per session, beside the session's own check time.

Builds a repository of --files committed files (~3 KB each) with a Python project whose check is
`python3 -m unittest` over --tests existing tests, and runs `pace run --until-complete` twice on
--features features with a command agent:
  proof:  the agent writes the code and a test of it; Pace runs the red run on a temporary worktree.
  exempt: the agent writes only the code; the features' category is exempt (no red run).
From each session's evidence: the checks' time on the result, the red run's time, and the
verification time (session end - start - the agent's time). Also times `git worktree add --detach`
plus its removal alone. Standard library only; no test asserts a time.

  python3 bench/proof_cost.py [--pace src/Pace.Cli/bin/Release/net10.0/pace.dll] [--files 1000] [--tests 200] [--features 5]
"""
import argparse, json, os, platform, shutil, statistics, subprocess, tempfile, time
from datetime import datetime, timezone

ENV = dict(os.environ, GIT_CONFIG_GLOBAL="/dev/null", GIT_CONFIG_NOSYSTEM="1", GIT_AUTHOR_NAME="bench", GIT_AUTHOR_EMAIL="b@bench.invalid",
           GIT_COMMITTER_NAME="bench", GIT_COMMITTER_EMAIL="b@bench.invalid", DOTNET_NOLOGO="1", DOTNET_CLI_TELEMETRY_OPTOUT="1", TERM="dumb")

AGENT = """#!/bin/sh
prompt=$(cat)
id=$(printf '%s\\n' "$prompt" | sed -n 's/^Feature \\([^ ]*\\) (.*/\\1/p' | head -n 1 | tr '-' '_')
printf 'def value():\\n    return "%s"\\n' "$id" > "app/feat_$id.py"
if [ "$BENCH_MODE" = proof ]; then
  printf 'import unittest\\nfrom app.feat_%s import value\\n\\nclass T(unittest.TestCase):\\n    def test_value(self):\\n        self.assertEqual(value(), "%s")\\n' "$id" "$id" > "tests/test_feat_$id.py"
fi
echo "Done."
"""


def git(folder, *args):
    subprocess.run(["git", *args], cwd=folder, env=ENV, check=True, capture_output=True)


def seconds(span):
    h, m, s = span.split(":")
    days = 0
    if "." in h:
        days, h = h.split(".")
    return int(days) * 86400 + int(h) * 3600 + int(m) * 60 + float(s)


def make_repo(root, args, mode):
    os.makedirs(os.path.join(root, "app"))
    os.makedirs(os.path.join(root, "tests"))
    os.makedirs(os.path.join(root, "data"))
    open(os.path.join(root, "app", "__init__.py"), "w").close()
    open(os.path.join(root, "tests", "__init__.py"), "w").close()
    for i in range(args.files):
        with open(os.path.join(root, "data", f"f{i:05}.txt"), "w") as f:
            f.write(("line %d of a committed file\n" % i) * 110)
    with open(os.path.join(root, "tests", "test_existing.py"), "w") as f:
        f.write("import unittest\n\nclass Existing(unittest.TestCase):\n")
        for i in range(args.tests):
            f.write(f"    def test_{i}(self):\n        self.assertEqual({i} + 1, {i + 1})\n")
    features = [{"id": f"F-{i}", "category": "core", "description": f"Feature F-{i}", "priority": "high", "steps": ["value() returns its id"], "passes": False}
                for i in range(1, args.features + 1)]
    with open(os.path.join(root, "feature_list.json"), "w") as f:
        json.dump({"features": features}, f, indent=2)
    agent = os.path.join(os.path.dirname(root), f"agent-{mode}.sh")
    with open(agent, "w") as f:
        f.write(AGENT)
    os.chmod(agent, 0o755)
    pace = {"orchestrator": {"maxSessions": args.features, "maxFailures": 2, "sessionDelay": 0}, "agent": "bench",
            "agents": {"bench": {"type": "command", "command": agent, "prompt": "stdin"}},
            "checks": [{"name": "tests", "run": "python3 -m unittest discover -s tests -t .", "timeoutSeconds": 600}]}
    if mode == "exempt":
        pace["verification"] = {"exempt": {"categories": ["core"]}}
    with open(os.path.join(root, "pace.json"), "w") as f:
        json.dump({"pace": pace}, f, indent=2)
    with open(os.path.join(root, ".gitignore"), "w") as f:
        f.write("__pycache__/\n")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "bench project")


def run_loop(pace, root, mode):
    command = ["dotnet", pace] if pace.endswith(".dll") else [pace]
    env = dict(ENV, BENCH_MODE=mode)
    result = subprocess.run([*command, "run", "--until-complete"], cwd=root, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"pace run ({mode}) exited {result.returncode}:\n{result.stdout}\n{result.stderr}")
    rows = []
    sessions = os.path.join(root, ".pace", "sessions")
    for name in sorted(os.listdir(sessions)):
        path = os.path.join(sessions, name, "evidence.json")
        if not os.path.exists(path):
            continue
        e = json.load(open(path))
        started = datetime.fromisoformat(e["startedAt"])
        finished = datetime.fromisoformat(e["finishedAt"])
        checks = sum(seconds(c["duration"]) for c in e["checks"])
        red = sum(seconds(c["duration"]) for c in (e.get("proof") or {}).get("redRun") or [])
        verify = (finished - started).total_seconds() - seconds(e["duration"])
        rows.append((checks, red, verify, e["verdict"]["passed"]))
    return rows


def worktree_add(root, runs=5):
    times = []
    for i in range(runs):
        tree = os.path.join(root, ".git", "pace-proof", f"bench{i}")
        start = time.perf_counter()
        git(root, "worktree", "add", "--quiet", "--detach", tree, "HEAD")
        git(root, "worktree", "remove", "--force", tree)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def machine():
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), platform.processor())
    mem = next((l.split()[1] for l in open("/proc/meminfo") if l.startswith("MemTotal")), "?")
    gitv = subprocess.run(["git", "--version"], capture_output=True, text=True).stdout.strip()
    return f"{os.cpu_count()} cores ({cpu}), {int(mem) // 1024} MB, {platform.system()} {platform.release()}, {gitv}, python {platform.python_version()}"


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--pace", default="src/Pace.Cli/bin/Release/net10.0/pace.dll")
    p.add_argument("--files", type=int, default=1000)
    p.add_argument("--tests", type=int, default=200)
    p.add_argument("--features", type=int, default=5)
    args = p.parse_args()
    pace = os.path.abspath(args.pace)
    print(f"date: {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC; machine: {machine()}")
    print(f"repository: {args.files} committed files of ~3 KB, {args.tests} existing tests, {args.features} features\n")
    print("| mode | sessions passed | checks on the result (median s) | red run (median s) | verification (median s) |")
    print("|---|---|---|---|---|")
    for mode in ("exempt", "proof"):
        top = tempfile.mkdtemp(prefix=f"pace-proof-bench-{mode}-")
        try:
            root = os.path.join(top, "repo")
            os.makedirs(root)
            make_repo(root, args, mode)
            rows = run_loop(pace, root, mode)
            med = lambda i: statistics.median(r[i] for r in rows)
            print(f"| {mode} | {sum(r[3] for r in rows)}/{len(rows)} | {med(0):.2f} | {med(1):.2f} | {med(2):.2f} |")
            if mode == "proof":
                wt = worktree_add(root)
        finally:
            shutil.rmtree(top, ignore_errors=True)
    print(f"\n`git worktree add --detach` of the base plus its removal, alone: median {wt:.3f} s")


if __name__ == "__main__":
    main()
