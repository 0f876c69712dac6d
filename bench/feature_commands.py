#!/usr/bin/env python3
"""Times `pace next --json` and `pace update ID pass` as whole processes on generated PACE lists.

Usage: python3 bench/feature_commands.py [--runs N] [--sizes 100,1000,10000] [--pace PATH/pace.dll] [--out FILE]
Builds src/Pace.Cli in Release unless --pace is given. See bench/README.md.
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
    """Wall time and CPU time (user + system, all threads) of one process, in ms."""
    before = cpu()
    start = time.perf_counter()
    done = subprocess.run(cmd, cwd=cwd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    elapsed = (time.perf_counter() - start) * 1000
    if done.returncode != 0:
        sys.exit(f"{' '.join(cmd)} exited {done.returncode}: {done.stderr.decode()}")
    return elapsed, cpu() - before


def measure(cmd, cwd, runs, restore=None):
    for _ in range(2):  # warm the file cache and the disk cache of the runtime's own files
        run(cmd, cwd)
        restore and restore()
    samples = []
    for _ in range(runs):
        samples.append(run(cmd, cwd))
        restore and restore()
    times = sorted(wall for wall, _ in samples)
    q = statistics.quantiles(times, n=4)
    return {"median": statistics.median(times), "min": times[0], "max": times[-1], "q1": q[0], "q3": q[2],
            "cpu": statistics.median(c for _, c in samples)}


def machine():
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), platform.processor())
    mem = next((l.split(":", 1)[1].strip() for l in open("/proc/meminfo") if l.startswith("MemTotal")), "?")
    info = subprocess.run(["dotnet", "--info"], stdout=subprocess.PIPE, text=True).stdout.splitlines()
    sdk = next((l.split(":", 1)[1].strip() for l in info if l.strip().startswith("Version:")), "?")
    rid = next((l.split(":", 1)[1].strip() for l in info if l.strip().startswith("RID:")), "?")
    return {"nproc": os.cpu_count(), "cpu": cpu, "memory": mem, "dotnet": f"SDK {sdk} ({rid})", "kernel": platform.release()}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument("--sizes", default="100,1000,10000")
    parser.add_argument("--pace", help="pace.dll to time (default: build src/Pace.Cli in Release)")
    parser.add_argument("--label", default="Release build (dotnet pace.dll)")
    parser.add_argument("--r2r", action="store_true", help="time a ReadyToRun publish (into a temporary folder) instead of the Release build")
    parser.add_argument("--out", help="append a markdown section to this file")
    args = parser.parse_args()

    dll = args.pace
    published = None
    if dll is None and args.r2r:
        published = tempfile.mkdtemp(prefix="pace-r2r-")
        subprocess.run(["dotnet", "publish", os.path.join(ROOT, "src/Pace.Cli"), "-c", "Release", "-r", "linux-x64", "--self-contained", "false",
                        "-p:PublishReadyToRun=true", "-o", published, "--nologo", "-v", "quiet"], check=True)
        dll = os.path.join(published, "pace.dll")
        if args.label == parser.get_default("label"):
            args.label = "ReadyToRun publish (dotnet pace.dll, -p:PublishReadyToRun=true)"
    elif dll is None:
        subprocess.run(["dotnet", "build", os.path.join(ROOT, "src/Pace.Cli"), "-c", "Release", "--nologo", "-v", "quiet"], check=True)
        dll = os.path.join(ROOT, "src/Pace.Cli/bin/Release/net10.0/pace.dll")
    pace = ["dotnet", dll]
    sizes = [int(s) for s in args.sizes.split(",")]
    rows = []
    work = tempfile.mkdtemp(prefix="pace-bench-")
    try:
        floor = measure(pace + ["--version"], work, args.runs)
        for size in sizes:
            folder = os.path.join(work, str(size))
            os.makedirs(folder)
            path = os.path.join(folder, "feature_list.json")
            content = generate(size)
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
            nxt = measure(pace + ["next", "--json"], folder, args.runs)
            upd = measure(pace + ["update", target, "pass"], folder, args.runs, restore)
            rows.append((size, len(content), nxt, upd))
    finally:
        shutil.rmtree(work, ignore_errors=True)
        published and shutil.rmtree(published, ignore_errors=True)

    m = machine()
    lines = [f"## {args.label}, {time.strftime('%Y-%m-%d')}", "",
             f"Machine: nproc {m['nproc']}, CPU {m['cpu']}, MemTotal {m['memory']}, Linux {m['kernel']}, dotnet --info: {m['dotnet']}.",
             f"{args.runs} timed runs per row after 2 warm-up runs; whole processes (`dotnet pace.dll ...`) started from Python; update restores the file (and removes .bak and .pace/) between runs.", "",
             f"Load average when done: {', '.join(f'{x:.1f}' for x in os.getloadavg())} (other work on the machine widens the spread).",
             f"Process floor (`pace --version`): median {floor['median']:.0f} ms (min {floor['min']:.0f}, max {floor['max']:.0f}), CPU {floor['cpu']:.0f} ms.",
             "CPU ms is user + system time of the process (all its threads, JIT included); it moves much less than wall time when other work shares the cores.", "",
             "| Features | File | Command | Median ms | IQR ms | Min–max ms | Median above floor ms | Median CPU ms |",
             "|---:|---:|---|---:|---:|---:|---:|---:|"]
    for size, nbytes, nxt, upd in rows:
        for name, r in (("next --json", nxt), ("update ID pass", upd)):
            lines.append(f"| {size:,} | {nbytes / 1024:,.0f} KiB | {name} | {r['median']:.0f} | {r['q1']:.0f}–{r['q3']:.0f} | {r['min']:.0f}–{r['max']:.0f} | {r['median'] - floor['median']:.0f} | {r['cpu']:.0f} |")
    lines += ["", "Growth of the cost above the floor, per tenfold size:", ""]
    for name, index in (("next --json", 2), ("update ID pass", 3)):
        steps = []
        for a, b in zip(rows, rows[1:]):
            da = max(a[index]["median"] - floor["median"], 0.5)
            db = max(b[index]["median"] - floor["median"], 0.5)
            steps.append(f"{a[0]:,}→{b[0]:,}: ×{db / da:.1f}")
        per_k = (rows[-1][index]["median"] - rows[-2][index]["median"]) / ((rows[-1][0] - rows[-2][0]) / 1000) if len(rows) > 1 else 0
        lines.append(f"- {name}: " + ", ".join(steps) + f"; {per_k:.2f} ms per 1,000 features between the two largest lists.")
    text = "\n".join(lines) + "\n"
    print(text)
    if args.out:
        with open(args.out, "a") as f:
            f.write("\n" + text)


if __name__ == "__main__":
    main()
