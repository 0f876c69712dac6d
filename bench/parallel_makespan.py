#!/usr/bin/env python3
"""The makespan of `pace run --parallel N` against its lower bound, with Pace's own time split out.

A scripted command agent sleeps a known time per feature (the "work"), then writes the feature's
file and a test of it; the project's check is a tiny shell test runner. For each scenario and each
N in --slots, a fresh repository (plain `git init`) runs `pace run --parallel N --until-complete`:

  independent:  8 features of the same duration, no dependencies.
  dependencies: a chain of 3 features (each depends_on the one before) and 5 independent ones.
  conflict:     2 features that append to the same file at once (N >= 2): the second to finish
                conflicts in the merge queue and needs a second session on the new base.

The bound is max(critical path, total work / N), the agents' sleep only. The makespan is the
process's wall time from start to exit. From each session's evidence: the agent's own time and the
session's time outside its agent (verification, commits, the queue's checks), whose sum over the
run is Pace's time in the sessions; makespan - bound is everything Pace and the machine added.
Standard library only; build pace first (`dotnet build Pace.slnx -c Release`). No test asserts a time.

  python3 bench/parallel_makespan.py [--pace src/Pace.Cli/bin/Release/net10.0/pace.dll] [--unit 2] [--slots 1,2,4] [--scenarios independent,dependencies,conflict]
"""
import argparse, json, os, shutil, subprocess, tempfile, time
from datetime import datetime, timezone

# The repository set-up, the evidence's time spans and the machine line are proof_cost.py's (same folder).
from proof_cost import ENV, git, machine, seconds

# Sleeps the feature's duration (from durations.txt beside it), then builds the feature: its file,
# and a test that passes only where that file exists. A feature listed in shared.txt appends a line
# to shared.txt too (the conflict scenario).
AGENT = """#!/bin/sh
prompt=$(cat)
id=$(printf '%s\\n' "$prompt" | sed -n 's/^Feature \\([^ ]*\\) (.*/\\1/p' | head -n 1)
dir=$(dirname "$0")
sleep "$(sed -n "s/^$id //p" "$dir/durations.txt")"
echo done > "$id.txt"
mkdir -p tests
echo "needs $id.txt" > "tests/$id.test"
if grep -qx "$id" "$dir/shared.txt" 2>/dev/null; then echo "$id" >> shared.txt; fi
echo "Built $id."
"""

CHECK = """passed=0; failed=0
for t in tests/*.test; do
  [ -f "$t" ] || continue
  need=$(sed -n 's/^needs //p' "$t")
  if [ -n "$need" ]; then
    if [ -f "$need" ]; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
  elif grep -q pass "$t"; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
"""


def scenario(name, unit):
    """(features as (id, seconds, depends_on), the ids that edit shared.txt)"""
    if name == "independent":
        return [(f"F-{i}", unit, []) for i in range(1, 9)], []
    if name == "dependencies":
        chain = [("C-1", unit, []), ("C-2", unit, ["C-1"]), ("C-3", unit, ["C-2"])]
        return chain + [(f"F-{i}", unit, []) for i in range(1, 6)], []
    if name == "conflict":
        return [("X-1", unit, []), ("X-2", unit, [])], ["X-1", "X-2"]
    raise SystemExit(f"unknown scenario {name}")


def bound(features, slots):
    finish = {}
    for fid, secs, deps in features:
        finish[fid] = secs + max((finish[d] for d in deps), default=0)
    critical = max(finish.values())
    work = sum(secs for _, secs, _ in features)
    return max(critical, work / slots), critical, work


def make_repo(top, features, shared):
    root = os.path.join(top, "repo")
    os.makedirs(os.path.join(root, "tests"))
    agent_dir = os.path.join(top, "agent")
    os.makedirs(agent_dir)
    with open(os.path.join(agent_dir, "agent.sh"), "w") as f:
        f.write(AGENT)
    os.chmod(os.path.join(agent_dir, "agent.sh"), 0o755)
    with open(os.path.join(agent_dir, "durations.txt"), "w") as f:
        f.writelines(f"{fid} {secs}\n" for fid, secs, _ in features)
    with open(os.path.join(agent_dir, "shared.txt"), "w") as f:
        f.writelines(f"{fid}\n" for fid in shared)
    items = [dict({"id": fid, "category": "core", "description": f"Feature {fid}", "priority": "high", "steps": [f"{fid}.txt exists"], "passes": False},
                  **({"depends_on": deps} if deps else {})) for fid, _, deps in features]
    with open(os.path.join(root, "feature_list.json"), "w") as f:
        json.dump({"features": items}, f, indent=2)
    pace = {"orchestrator": {"maxFailures": 5, "sessionDelay": 0}, "agent": "bench",
            "agents": {"bench": {"type": "command", "command": os.path.join(agent_dir, "agent.sh"), "prompt": "stdin"}},
            "checks": [{"name": "tests", "run": "sh check.sh", "timeoutSeconds": 120}]}
    with open(os.path.join(root, "pace.json"), "w") as f:
        json.dump({"pace": pace}, f, indent=2)
    with open(os.path.join(root, "check.sh"), "w") as f:
        f.write(CHECK)
    with open(os.path.join(root, "tests", "base.test"), "w") as f:
        f.write("pass\n")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "bench project")
    return root


def run(pace, root, slots):
    command = ["dotnet", pace] if pace.endswith(".dll") else [pace]
    start = time.perf_counter()
    result = subprocess.run([*command, "run", "--parallel", str(slots), "--until-complete"], cwd=root, env=ENV, capture_output=True, text=True)
    makespan = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"pace run --parallel {slots} exited {result.returncode}:\n{result.stdout}\n{result.stderr}")
    sessions, agent, outside = 0, 0.0, 0.0
    folder = os.path.join(root, ".pace", "sessions")
    for name in sorted(os.listdir(folder)):
        path = os.path.join(folder, name, "evidence.json")
        if not os.path.exists(path):
            continue
        e = json.load(open(path))
        sessions += 1
        agent += seconds(e["duration"])
        outside += (datetime.fromisoformat(e["finishedAt"]) - datetime.fromisoformat(e["startedAt"])).total_seconds() - seconds(e["duration"])
    commits = subprocess.run(["git", "rev-list", "--count", "HEAD"], cwd=root, env=ENV, capture_output=True, text=True).stdout.strip()
    return makespan, sessions, agent, outside, int(commits) - 1


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--pace", default="src/Pace.Cli/bin/Release/net10.0/pace.dll")
    p.add_argument("--unit", type=float, default=2.0, help="seconds of work per feature")
    p.add_argument("--slots", default="1,2,4")
    p.add_argument("--scenarios", default="independent,dependencies,conflict")
    args = p.parse_args()
    pace = os.path.abspath(args.pace)
    print(f"date: {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC; machine: {machine()}; load {open('/proc/loadavg').read().split()[0]} at the start")
    print(f"each feature's agent sleeps {args.unit:g} s, then writes its file and a test; check: a shell test runner\n")
    print("| scenario | slots | bound (s) | makespan (s) | makespan / bound | sessions | feature commits | agents (s) | Pace in sessions (s) | start-up, baseline, scheduling and the rest (s) |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for name in args.scenarios.split(","):
        features, shared = scenario(name, args.unit)
        for slots in (int(s) for s in args.slots.split(",")):
            if name == "conflict" and slots < 2:
                continue
            top = tempfile.mkdtemp(prefix=f"pace-parallel-bench-{name}-{slots}-")
            try:
                root = make_repo(top, features, shared)
                makespan, sessions, agent, outside, commits = run(pace, root, slots)
            finally:
                shutil.rmtree(top, ignore_errors=True)
            b, critical, work = bound(features, slots)
            # Pace's time inside sessions overlaps across lanes; what is left of the makespan beyond the
            # bound and the sessions' critical share is the process start, the baseline and scheduling.
            rest = makespan - b - outside / max(1, min(slots, sessions))
            print(f"| {name} | {slots} | {b:.1f} | {makespan:.1f} | {makespan / b:.2f} | {sessions} | {commits} | {agent:.1f} | {outside:.1f} | {rest:.1f} |")


if __name__ == "__main__":
    main()
