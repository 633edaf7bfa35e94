#!/usr/bin/env python3
"""python3-jsonschema peer of run.sh: Draft7Validator of the embedded schemas
(a RefResolver store holds schemas/*.json by $id), timed per document
including json.loads, with the protocol of peer_native.cc (warm-up, rounds
over every document for --budget seconds, at least --min-rounds; wall and
process CPU time per document).

Usage: jsonschema_peer.py DOCS_DIR SCHEMAS_DIR [--budget S] [--min-rounds N]
"""
import json
import os
import sys
import time
import warnings

import jsonschema


def main():
    docs_dir, schemas_dir = sys.argv[1], sys.argv[2]
    budget, min_rounds = 1.0, 5
    rest = sys.argv[3:]
    for i in range(0, len(rest) - 1, 2):
        if rest[i] == "--budget":
            budget = float(rest[i + 1])
        elif rest[i] == "--min-rounds":
            min_rounds = int(rest[i + 1])

    def listing(d):
        return [os.path.join(d, f) for f in sorted(os.listdir(d)) if f.endswith(".json")]

    docs = []
    for f in listing(docs_dir):
        with open(f, "rb") as fh:
            docs.append(fh.read())
    base = "https://isconform.invalid/schemas/"
    store = {}
    schemas = {}
    for f in listing(schemas_dir):
        with open(f, encoding="utf-8") as fh:
            s = json.load(fh)
        name = os.path.basename(f)
        s = dict(s)
        s["$id"] = base + name
        schemas[name] = s
        store[base + name] = s
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        root = schemas["ImageStream.json"]
        resolver = jsonschema.RefResolver(base + "ImageStream.json", root, store=store)
        validator = jsonschema.Draft7Validator(root, resolver=resolver)

    def one_round():
        ok = 0
        for d in docs:
            try:
                v = json.loads(d)
            except ValueError:
                continue
            if validator.is_valid(v):
                ok += 1
        return ok

    valid = one_round()
    warm_end = time.perf_counter() + 0.3
    while time.perf_counter() < warm_end:
        one_round()
    wall, cpu = [], []
    start = time.perf_counter()
    while len(wall) < min_rounds or time.perf_counter() - start < budget:
        w0, c0 = time.perf_counter_ns(), time.process_time_ns()
        v = one_round()
        w1, c1 = time.perf_counter_ns(), time.process_time_ns()
        if v != valid:
            raise SystemExit("not deterministic: %d then %d" % (valid, v))
        wall.append((w1 - w0) / len(docs))
        cpu.append((c1 - c0) / len(docs))
    print(json.dumps({"peer": "python-jsonschema", "docs": len(docs), "valid": valid,
                      "wall_ns": wall, "cpu_ns": cpu}))


if __name__ == "__main__":
    main()
