#!/usr/bin/env python3
"""@sourcemeta/jsonschema peer of run.sh, through its command-line tool.

Per document: `jsonschema validate --fast --continue` over the directory of
documents, minus the same command over one document, divided by the other
documents (the CLI reads, parses and validates each file; it prints every
error of an invalid one). Startup: the command over one document. Each is
run --reps times; wall time and the child's CPU time (user + sys, from
wait4) are reported per repetition. With --in-process, also the tool's own
--benchmark mode over the documents as JSON Lines (evaluation only, the
parse excluded; mean over the documents of the per-document mean).

Usage: sourcemeta_peer.py BINARY SCHEMAS_DIR DOCS_DIR JSONL [--reps N] [--label NAME]
"""
import json
import os
import re
import statistics
import subprocess
import sys
import time


def run(cmd):
    t0 = time.perf_counter_ns()
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, ru = os.wait4(p.pid, 0)
    t1 = time.perf_counter_ns()
    p.returncode = os.waitstatus_to_exitcode(status)
    if p.returncode not in (0, 2):
        raise SystemExit("%s: exit status %d" % (" ".join(cmd), p.returncode))
    return t1 - t0, (ru.ru_utime + ru.ru_stime) * 1e9


def main():
    binary, schemas, docs_dir, jsonl = sys.argv[1:5]
    reps, label, in_process = 5, "sourcemeta", False
    rest = sys.argv[5:]
    i = 0
    while i < len(rest):
        if rest[i] == "--reps":
            reps = int(rest[i + 1]); i += 2
        elif rest[i] == "--label":
            label = rest[i + 1]; i += 2
        elif rest[i] == "--in-process":
            in_process = True; i += 1
        else:
            raise SystemExit("unknown argument " + rest[i])
    docs = sorted(f for f in os.listdir(docs_dir) if f.endswith(".json"))
    n = len(docs)
    schema = os.path.join(schemas, "ImageStream.json")
    base = [binary, "validate", "--fast", "--continue", "--resolve", schemas, schema]
    one = os.path.join(docs_dir, docs[0])
    run(base + [one])  # warm the page cache
    run(base + [docs_dir])
    start_w, start_c, all_w, all_c = [], [], [], []
    for _ in range(reps):
        w, c = run(base + [one])
        start_w.append(w); start_c.append(c)
        w, c = run(base + [docs_dir])
        all_w.append(w); all_c.append(c)
    mw, mc = statistics.median(start_w), statistics.median(start_c)
    out = {"peer": label + "-cli", "docs": n,
           "wall_ns": [(w - mw) / max(n - 1, 1) for w in all_w],
           "cpu_ns": [(c - mc) / max(n - 1, 1) for c in all_c],
           "startup_wall_ns": start_w, "startup_cpu_ns": start_c}
    # Valid count, from one more run's summary line.
    p = subprocess.run(base + [docs_dir], capture_output=True, text=True)
    m = re.search(r"(\d+) validated, (\d+) passed, (\d+) failed", p.stdout + p.stderr)
    if m:
        out["valid"] = int(m.group(2))
    print(json.dumps(out))
    if in_process:
        p = subprocess.run([binary, "validate", "--fast", "--continue", "--benchmark", "--loop", "20",
                            "--resolve", schemas, schema, jsonl], capture_output=True, text=True)
        times = [float(x) * 1000 for x in re.findall(r": (?:PASS|FAIL) ([0-9.]+) \+-", p.stdout + p.stderr)]
        passed = len(re.findall(r": PASS ", p.stdout + p.stderr))
        if times:
            mean = statistics.fmean(times)
            print(json.dumps({"peer": label + "-eval-only", "docs": len(times), "valid": passed,
                              "wall_ns": [mean], "cpu_ns": [mean], "note": "evaluation only, parse excluded"}))


if __name__ == "__main__":
    main()
