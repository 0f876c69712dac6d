#!/usr/bin/env python3
"""Times `pace next --json` and `pace update ID pass` as whole processes on generated PACE lists.

Usage: python3 bench/feature_commands.py [--native] [--dll] [--r2r] [--target LABEL=PATH] [--runs N] [--sizes 100,1000,10000,100000] [--commands next,update,...] [--out FILE]
Publishes or builds what it times (in temporary folders). See bench/README.md.
"""
import argparse, json, os, platform, resource, shutil, statistics, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PRIORITIES = ["critical", "high", "medium", "low"]


def generate(count):
    """A PACE list: 3 steps and an 80-character description a feature, indented like `pace init` writes."""
    features = []
    for i in range(count):
        description = f"Feature {i:05d}: " + "the user can do one more useful thing with the product "[: 80 - 15]
        description = (description + "x" * 80)[:80]
        features.append({
            "id": f"FEAT-{i + 1:05d}", "category": ["core", "auth", "ui", "report"][i % 4],
            "description": description, "priority": PRIORITIES[(i * 7) % 4],
            "steps": [f"Open screen {i}", "Do the thing", "See the result"],
            "passes": i % 3 == 0,
        })
    passing = sum(f["passes"] for f in features)
    doc = {"features": features, "metadata": {"project_name": "bench", "total_features": count,
                                              "passing": passing, "failing": count - passing,
                                              "last_updated": "2026-01-01T00:00:00.000Z"}}
    return (json.dumps(doc, indent=2, ensure_ascii=False) + "\n").encode()


def cpu():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (usage.ru_utime + usage.ru_stime) * 1000


def run(cmd, cwd):
    """Wall time of one whole process, and its CPU time (user + system) from the kernel's accounting."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(cmd, cwd=cwd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    elapsed = (time.perf_counter() - start) * 1000
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        sys.exit(f"{' '.join(cmd)} exited {done.returncode}: {done.stderr.decode()}")
    cpu = (after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) * 1000
    return elapsed, cpu


def measure(cmd, cwd, runs, restore=None):
    for _ in range(2):  # warm the file cache and the disk cache of the runtime's own files
        run(cmd, cwd)
        restore and restore()
    times, cpus = [], []
    for _ in range(runs):
        wall, cpu = run(cmd, cwd)
        times.append(wall)
        cpus.append(cpu)
        restore and restore()
    times.sort()
    q = statistics.quantiles(times, n=4)
    return {"median": statistics.median(times), "min": times[0], "max": times[-1], "q1": q[0], "q3": q[2],
            "cpu": statistics.median(cpus)}


def machine():
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), platform.processor())
    mem = next((l.split(":", 1)[1].strip() for l in open("/proc/meminfo") if l.startswith("MemTotal")), "?")
    info = subprocess.run(["dotnet", "--info"], stdout=subprocess.PIPE, text=True).stdout.splitlines()
    sdk = next((l.split(":", 1)[1].strip() for l in info if l.strip().startswith("Version:")), "?")
    rid = next((l.split(":", 1)[1].strip() for l in info if l.strip().startswith("RID:")), "?")
    return {"nproc": os.cpu_count(), "cpu": cpu, "memory": mem, "dotnet": f"SDK {sdk} ({rid})", "kernel": platform.release()}


# The seed's helper scripts (TypeScript under Bun 1.4.5) on the same kind of machine: whole process,
# median of 15-20 runs, the same generated lists (issue 8). Bun is not installed here to re-measure.
SEED = {("next", 100): 8.8, ("next", 1000): 9.1, ("next", 10000): 14.0,
        ("update", 100): 9.1, ("update", 10000): 15.4,
        ("progress", 100): 9.0, ("progress", 10000): 15.3}

COMMANDS = {"next": ["next", "--json"], "update": ["update", None, "pass", "--json"], "progress": ["progress", "--json"],
            "status": ["status", "--json"], "validate": ["validate", "--json"]}


def publish(label, extra):
    folder = tempfile.mkdtemp(prefix="pace-publish-")
    print(f"publishing {label} ...", file=sys.stderr)
    subprocess.run(["dotnet", "publish", os.path.join(ROOT, "src/Pace.Cli"), "-c", "Release", "-o", folder, "--nologo", "-v", "quiet", *extra],
                   check=True, stdin=subprocess.DEVNULL)
    return folder


def targets(args):
    """(label, command prefix) for every build to time; published folders to delete afterwards."""
    chosen, temporary = [], []
    for item in args.target or []:
        label, path = item.split("=", 1)
        path = os.path.abspath(path)
        chosen.append((label, ["dotnet", path] if path.endswith(".dll") else [path]))
    if args.native:
        folder = publish("Native AOT", ["-p:PublishAot=true"])
        temporary.append(folder)
        chosen.append(("native (Native AOT, ./pace)", [os.path.join(folder, "pace")]))
    if args.r2r:
        folder = publish("ReadyToRun", ["-r", "linux-x64", "--self-contained", "false", "-p:PublishReadyToRun=true"])
        temporary.append(folder)
        chosen.append(("ReadyToRun (dotnet pace.dll)", ["dotnet", os.path.join(folder, "pace.dll")]))
    if args.dll or not chosen:
        subprocess.run(["dotnet", "build", os.path.join(ROOT, "src/Pace.Cli"), "-c", "Release", "--nologo", "-v", "quiet"],
                       check=True, stdin=subprocess.DEVNULL)
        chosen.append(("Release build (dotnet pace.dll)", ["dotnet", os.path.join(ROOT, "src/Pace.Cli/bin/Release/net10.0/pace.dll")]))
    return chosen, temporary


def cell(r):
    return f"{r['median']:.1f} ({r['q1']:.1f}–{r['q3']:.1f}; cpu {r['cpu']:.1f})"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument("--sizes", default="100,1000,10000,100000")
    parser.add_argument("--commands", default=",".join(COMMANDS), help="of: " + ", ".join(COMMANDS))
    parser.add_argument("--native", action="store_true", help="time a Native AOT publish (scripts/install.sh's binary)")
    parser.add_argument("--dll", action="store_true", help="time the Release build, dotnet pace.dll (the default when nothing else is chosen)")
    parser.add_argument("--r2r", action="store_true", help="time a ReadyToRun publish, dotnet pace.dll")
    parser.add_argument("--target", action="append", help="LABEL=PATH: a pace executable, or a pace.dll started with dotnet; repeatable")
    parser.add_argument("--out", help="append a markdown section to this file")
    args = parser.parse_args()

    chosen, temporary = targets(args)
    sizes = [int(s) for s in args.sizes.split(",")]
    commands = args.commands.split(",")
    floors, results, files = {}, {}, {}
    work = tempfile.mkdtemp(prefix="pace-bench-")
    try:
        for label, prefix in chosen:
            floors[label] = measure(prefix + ["--version"], work, args.runs)
        for size in sizes:
            folder = os.path.join(work, str(size))
            os.makedirs(folder)
            path = os.path.join(folder, "feature_list.json")
            content = generate(size)
            files[size] = len(content)
            with open(path, "wb") as f:
                f.write(content)

            def restore():
                with open(path, "wb") as f:
                    f.write(content)
                for extra in ("feature_list.json.bak", ".pace"):
                    p = os.path.join(folder, extra)
                    shutil.rmtree(p) if os.path.isdir(p) else os.path.exists(p) and os.remove(p)

            # A failing feature in the middle of the file, so the edit is not at either end.
            target = next(f"FEAT-{i + 1:05d}" for i in range(size // 2, size) if i % 3 != 0)
            for name in commands:
                argv = [target if a is None else a for a in COMMANDS[name]]
                for label, prefix in chosen:
                    print(f"{size} {name} {label}", file=sys.stderr)
                    results[(size, name, label)] = measure(prefix + argv, folder, args.runs, restore if name == "update" else None)
    finally:
        shutil.rmtree(work, ignore_errors=True)
        for folder in temporary:
            shutil.rmtree(folder, ignore_errors=True)

    m = machine()
    labels = [label for label, _ in chosen]
    lines = [f"## {time.strftime('%Y-%m-%d %H:%M')}: {', '.join(labels)}", "",
             f"Machine: nproc {m['nproc']}, CPU {m['cpu']}, MemTotal {m['memory']}, Linux {m['kernel']}, dotnet --info: {m['dotnet']}; "
             f"load average at the end {os.getloadavg()[0]:.1f}.",
             f"{args.runs} timed runs per cell after 2 warm-up runs; whole processes started from Python, standard input closed, output captured; "
             "`update` restores the file (and removes .bak and .pace/) between runs. Cells: median wall ms (interquartile range; median CPU ms, user + system).", "",
             "Process floor (`pace --version`): " + "; ".join(f"{l}: {cell(floors[l])}" for l in labels) + ".", "",
             "| Features | File | Command | Seed (Bun) | " + " | ".join(labels) + " |",
             "|---:|---:|---|---:|" + "---:|" * len(labels)]
    for size in sizes:
        for name in commands:
            seed = SEED.get((name, size))
            argv = " ".join("ID" if a is None else a for a in COMMANDS[name])
            lines.append(f"| {size:,} | {files[size] / 1024:,.0f} KiB | {argv} | {'' if seed is None else f'{seed:.1f}'} | "
                         + " | ".join(cell(results[(size, name, l)]) for l in labels) + " |")
    lines += ["", "Growth of the median above the floor, per tenfold size (and ms per 1,000 features between the smallest and largest list):", ""]
    for label in labels:
        for name in commands:
            steps = []
            for a, b in zip(sizes, sizes[1:]):
                da = max(results[(a, name, label)]["median"] - floors[label]["median"], 0.5)
                db = max(results[(b, name, label)]["median"] - floors[label]["median"], 0.5)
                steps.append(f"{a:,}→{b:,}: ×{db / da:.1f}")
            per_k = (results[(sizes[-1], name, label)]["median"] - results[(sizes[0], name, label)]["median"]) / ((sizes[-1] - sizes[0]) / 1000)
            lines.append(f"- {label}, {name}: " + ", ".join(steps) + f"; {per_k:.2f} ms per 1,000 features.")
    text = "\n".join(lines) + "\n"
    print(text)
    if args.out:
        with open(args.out, "a") as f:
            f.write("\n" + text)


if __name__ == "__main__":
    main()
