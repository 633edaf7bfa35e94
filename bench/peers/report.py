#!/usr/bin/env python3
"""Summarizes a run.sh run: the peer table, the CLI numbers and the targets.

Usage: report.py RESULTS_JSONL CLI_DIR RESULTS_MD SOURCE_LABEL PASSES BUDGET

Every peer's rounds of all passes are pooled; the table shows medians of the
time per document. CPU time (process user + sys) is the primary measure: the
machine is shared and noisy, and CPU time does not count the time a process
waits for a core. Wall time is shown beside it.
"""
import datetime
import glob
import json
import os
import platform
import re
import statistics
import subprocess
import sys

ORDER = [
    ("simdjson", "simdjson 3 DOM parse of the bytes (floor)"),
    ("isc-decode", "isconform's JSON parser alone (Decode stage, Doc reused)"),
    ("isc-fast", "isconform isc_validate, fast engine (report reused)"),
    ("isc-reference", "isconform isc_validate, reference engine (valijson inside)"),
    ("valijson", "nlohmann/json parse + valijson 1.0, draft-07"),
    ("ajv", "ajv 8 compiled validator + JSON.parse (node)"),
    ("python-jsonschema", "python3-jsonschema Draft7Validator + json.loads"),
    ("sourcemeta-cli", "@sourcemeta/jsonschema CLI validate --fast, per file"),
    ("sourcemeta-eval-only", "@sourcemeta/jsonschema --benchmark, evaluation only (no parse)"),
]


def sh(cmd):
    try:
        return subprocess.run(cmd, capture_output=True, text=True, timeout=30).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""


def machine():
    model = ""
    for line in sh(["lscpu"]).splitlines():
        if line.startswith("Model name:"):
            model = line.split(":", 1)[1].strip()
    try:
        with open("/proc/loadavg") as f:
            load = " ".join(f.read().split()[:3])
    except OSError:
        load = "?"
    return {
        "cpu": model or platform.processor() or "?",
        "cores": str(os.cpu_count()),
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "load": load,
        "os": sh(["uname", "-sr"]),
        "node": sh(["node", "--version"]),
        "python": platform.python_version(),
        "compiler": (sh(["c++", "--version"]).splitlines() or ["?"])[0],
        "commit": sh(["git", "-C", os.path.dirname(os.path.abspath(__file__)), "rev-parse", "--short", "HEAD"]),
        # RESULTS.md itself does not count: every run rewrites it.
        "dirty": any(not line.endswith("bench/peers/RESULTS.md") for line in sh(
            ["git", "-C", os.path.dirname(os.path.abspath(__file__)), "status", "--porcelain",
             "--untracked-files=no"]).splitlines() if line.strip()),
    }


def fmt_us(ns):
    if ns is None:
        return "n/a"
    us = ns / 1000.0
    return "%.2f" % us if us < 100 else "%.0f" % us


def fmt_ratio(x):
    return "n/a" if x is None else ("%.2f" % x if x < 10 else "%.1f" % x)


def load_results(path):
    peers = {}
    with open(path) as f:
        for line in f:
            line = line.strip()
            if not line:
                continue
            r = json.loads(line)
            p = peers.setdefault(r["peer"], {"wall": [], "cpu": [], "docs": None, "valid": None, "na": None,
                                             "startup_wall": [], "startup_cpu": []})
            if "na" in r:
                p["na"] = r["na"]
                continue
            p["wall"] += r.get("wall_ns", [])
            p["cpu"] += r.get("cpu_ns", [])
            p["startup_wall"] += r.get("startup_wall_ns", [])
            p["startup_cpu"] += r.get("startup_cpu_ns", [])
            p["docs"] = r.get("docs")
            if r.get("valid") is not None:
                p["valid"] = r["valid"]
    return peers


def median(xs):
    return statistics.median(xs) if xs else None


def ratio(a, b):
    return None if a is None or b is None or b == 0 else a / b


def main():
    results, cli_dir, out_md, source, passes, budget = sys.argv[1:7]
    peers = load_results(results)
    m = machine()
    med = {k: (median(v["cpu"]), median(v["wall"])) for k, v in peers.items()}

    def cpu(k):
        return med.get(k, (None, None))[0]

    def wall(k):
        return med.get(k, (None, None))[1]

    # The machines are shared and switch between fast and slow phases that
    # last seconds: the first decile of a peer's CPU samples is its time in
    # the fast phase. Its ratios are shown beside the medians' (the verdict
    # stays on medians).
    def p10(k):
        v = sorted(peers[k]["cpu"]) if k in peers and not peers[k]["na"] else []
        return v[len(v) // 10] if v else None

    rows = []
    header = ["peer", "what", "valid/docs", "CPU µs/doc", "× simdjson", "× ajv", "wall µs/doc", "wall × simdjson",
              "wall × ajv", "rounds"]
    for key, what in ORDER:
        p = peers.get(key)
        if p is None:
            continue
        if p["na"]:
            rows.append([key, what, "n/a", "n/a", "n/a", "n/a", "n/a", "n/a", "n/a", "0"])
            continue
        c, w = cpu(key), wall(key)
        rows.append([key, what, "%s/%s" % (p["valid"] if p["valid"] is not None else "?", p["docs"]),
                     fmt_us(c), fmt_ratio(ratio(c, cpu("simdjson"))), fmt_ratio(ratio(c, cpu("ajv"))),
                     fmt_us(w), fmt_ratio(ratio(w, wall("simdjson"))), fmt_ratio(ratio(w, wall("ajv"))),
                     str(len(p["cpu"]))])

    # CLI.
    cli = {}
    sj = os.path.join(cli_dir, "startup.json")
    if os.path.exists(sj):
        with open(sj) as f:
            for r in json.load(f)["results"]:
                cli[r["command"]] = r
    cj = os.path.join(cli_dir, "corpus.json")
    corpus_runs = []
    if os.path.exists(cj):
        with open(cj) as f:
            corpus_runs = json.load(f)["results"]
    # Peak memory: the median of the runs of each multiple (which files two
    # workers hold at the same moment moves a single run by up to 1 MB).
    rss = {}
    rss_runs = {}
    for k in (1, 2, 4):
        for p in sorted(glob.glob(os.path.join(cli_dir, "time-x%d-*.txt" % k))):
            with open(p) as f:
                mm = re.search(r"Maximum resident set size \(kbytes\): (\d+)", f.read())
            if mm:
                rss_runs.setdefault(k, []).append(int(mm.group(1)))
        if k in rss_runs:
            rss[k] = statistics.median(rss_runs[k])
    summary_line = ""
    sp = os.path.join(cli_dir, "corpus-summary.txt")
    if os.path.exists(sp):
        with open(sp) as f:
            summary_line = f.read().strip()

    # Targets.
    targets = []

    def target(name, value, limit, holds, how):
        targets.append((name, value, limit, "n/a" if holds is None else ("holds" if holds else "does NOT hold"), how))

    r = ratio(cpu("ajv"), cpu("isc-fast"))
    target("end to end ≥ 4× faster per document than ajv incl. JSON.parse", fmt_ratio(r) + "× faster" if r else "n/a",
           "≥ 4", None if r is None else r >= 4, "CPU medians; wall: %s× faster; first deciles: %s× faster" % (
               fmt_ratio(ratio(wall("ajv"), wall("isc-fast"))), fmt_ratio(ratio(p10("ajv"), p10("isc-fast")))))
    r = ratio(cpu("isc-fast"), cpu("simdjson"))
    target("end to end within 5× of simdjson's raw parse", fmt_ratio(r) + "×" if r else "n/a", "≤ 5",
           None if r is None else r <= 5, "CPU medians; wall: %s×; first deciles: %s×" % (
               fmt_ratio(ratio(wall("isc-fast"), wall("simdjson"))), fmt_ratio(ratio(p10("isc-fast"), p10("simdjson")))))
    r = ratio(cpu("isc-reference"), cpu("valijson"))
    target("reference path within 1.5× of valijson + nlohmann parse", fmt_ratio(r) + "×" if r else "n/a", "≤ 1.5",
           None if r is None else r <= 1.5,
           "CPU medians; wall: %s×" % fmt_ratio(ratio(wall("isc-reference"), wall("valijson"))))
    isc_start = cli.get("isconform check", {}).get("median")
    for label in ("jsonschema validate (native binary)", "jsonschema validate (npm command)"):
        sm = cli.get(label, {}).get("median")
        r = ratio(isc_start, sm)
        target("CLI startup ≤ 1/3 of sourcemeta's %s" % label.replace("jsonschema validate ", ""),
               ("%.3f of it (%.1f ms vs %.1f ms)" % (r, isc_start * 1e3, sm * 1e3)) if r else "n/a", "≤ 0.333",
               None if r is None else r <= 1 / 3, "hyperfine medians (wall)")
    if 1 in rss and 2 in rss:
        flat = rss[2] <= rss[1] * 1.1
        under = max(rss.values()) < 32 * 1024
        target("peak memory under 32 MB", "%.1f MB (×1), %.1f MB (×2)%s" % (
            rss[1] / 1024, rss[2] / 1024, (", %.1f MB (×4)" % (rss[4] / 1024)) if 4 in rss else ""), "< 32 MB",
            rss[1] < 32 * 1024 and rss[2] < 32 * 1024, "max RSS, /usr/bin/time -v, median of the runs")
        target("peak memory flat (corpus ×2 within 10% of ×1)", "×2/×1 = %.2f" % (rss[2] / rss[1]), "≤ 1.10", flat,
               "" if under else "exceeds 32 MB at ×4")
    else:
        target("peak memory under 32 MB and flat", "n/a (no corpus or NO_CLI=1)", "< 32 MB", None, "")

    # Text.
    lines = []
    lines.append("# Peer comparison (bench/peers/run.sh)")
    lines.append("")
    lines.append("Machine: %s, %s cores; %s; node %s, python %s, %s. Load average at the end: %s." % (
        m["cpu"], m["cores"], m["os"], m["node"], m["python"], m["compiler"], m["load"]))
    lines.append("Date: %s. Source: commit %s%s." % (m["date"], m["commit"] or "?",
                                                   " with uncommitted changes" if m["dirty"] else ""))
    lines.append("")
    lines.append("Documents: %s; each object re-serialized on its own (legacy `apiVersion: v1` upgraded to "
                 "`image.openshift.io/v1`, see extract.py). Every peer validates the same files, loaded into memory "
                 "first (the CLI rows excepted), with the embedded draft-07 schemas of `schemas/`. isconform runs "
                 "with the CLI's defaults (open world, namespace `default`), so its valid count differs from the "
                 "schema-only peers: it also applies the API server's rules." % source)
    lines.append("")
    lines.append("Method: %s passes, peers interleaved within each pass; per pass each in-process peer warms up, then "
                 "times rounds over all documents for %s s (at least 5 rounds, python 2). A round's time divided by "
                 "the documents is one sample; the table shows the median of all samples. CPU time is primary "
                 "(process user+sys: it does not count time spent waiting for a core on this shared machine); wall "
                 "time beside it. Ratios are of medians from this run only. The shared machine switches between fast "
                 "and slow phases lasting seconds, so the targets' notes also give the ratio of the peers' first "
                 "deciles (their fast-phase times); verdicts are on medians." % (passes, budget))
    lines.append("")
    lines.append("| " + " | ".join(header) + " |")
    lines.append("|" + "|".join(["---"] * len(header)) + "|")
    for row in rows:
        lines.append("| " + " | ".join(row) + " |")
    lines.append("")
    if cli:
        lines.append("## Command line")
        lines.append("")
        lines.append("| command | median ms | mean ms | user ms | sys ms |")
        lines.append("|---|---|---|---|---|")
        for name, r in list(cli.items()) + [(x["command"], x) for x in corpus_runs]:
            lines.append("| %s | %.1f | %.1f | %.1f | %.1f |" % (name, r["median"] * 1e3, r["mean"] * 1e3,
                                                               r.get("user", 0) * 1e3, r.get("system", 0) * 1e3))
        lines.append("")
        if summary_line:
            lines.append("Whole corpus, `isconform check` says: `%s`" % summary_line)
            lines.append("")
        if rss:
            lines.append("Peak memory of `isconform check` (max RSS, median of %d runs, range in brackets): " % (
                len(rss_runs[1])) + ", ".join(
                "corpus ×%d: %.1f MB [%.1f-%.1f]" % (k, v / 1024, min(rss_runs[k]) / 1024, max(rss_runs[k]) / 1024)
                for k, v in sorted(rss.items())) + ".")
            lines.append("")
    lines.append("## Targets")
    lines.append("")
    lines.append("| target | measured | limit | verdict | note |")
    lines.append("|---|---|---|---|---|")
    for t in targets:
        lines.append("| %s | %s | %s | %s | %s |" % t)
    lines.append("")
    text = "\n".join(lines)
    print(text)
    with open(out_md, "w", encoding="utf-8") as f:
        f.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
