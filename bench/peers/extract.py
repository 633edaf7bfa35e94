#!/usr/bin/env python3
"""Extracts the ImageStream documents every peer of run.sh validates.

Usage: extract.py OUT_DIR SOURCE_DIR...

Reads every *.json file under the SOURCE_DIRs (a JSON value or concatenated
JSON values), takes each object whose kind is ImageStream: at the top level,
in List/ImageStreamList `items` (ImageStreamList items may omit kind and
apiVersion) and in Template `objects`. The legacy group-less apiVersion "v1"
becomes "image.openshift.io/v1", as template processing and oc do before the
object reaches the server, so that the validators check the whole object
instead of stopping at apiVersion. Each object is written to
OUT_DIR/docs/NNNNN.json (json.dumps, indent 2, UTF-8), and all of them, one
compact line each, to OUT_DIR/docs.jsonl. Files that do not parse as JSON
(YAML, broken files) are skipped. bench/bench_util.cc does the same in C++.
"""
import json
import os
import sys


def collect(v, out, default_kind=None):
    if not isinstance(v, dict):
        return
    kind = v.get("kind", default_kind)
    if kind == "ImageStream":
        if "kind" not in v:  # ImageStreamList item
            v = {"apiVersion": "image.openshift.io/v1", "kind": "ImageStream", **v}
        if v.get("apiVersion") == "v1":
            v["apiVersion"] = "image.openshift.io/v1"
        out.append(v)
    elif kind in ("List", "ImageStreamList"):
        items = v.get("items")
        if isinstance(items, list):
            for it in items:
                collect(it, out, "ImageStream" if kind == "ImageStreamList" else None)
    elif kind == "Template":
        objs = v.get("objects")
        if isinstance(objs, list):
            for o in objs:
                collect(o, out)


def values(text):
    dec = json.JSONDecoder()
    i, n = 0, len(text)
    while True:
        while i < n and text[i] in " \t\r\n":
            i += 1
        if i >= n:
            return
        v, i = dec.raw_decode(text, i)
        yield v


def main():
    if len(sys.argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    out_dir = sys.argv[1]
    files = []
    for src in sys.argv[2:]:
        for root, dirs, names in os.walk(src):
            dirs.sort()
            files += [os.path.join(root, n) for n in sorted(names) if n.endswith(".json")]
    docs = []
    for path in files:
        try:
            with open(path, encoding="utf-8") as f:
                text = f.read()
            found = []
            for v in values(text):
                collect(v, found)
        except (ValueError, UnicodeDecodeError):
            continue
        docs += found
    os.makedirs(os.path.join(out_dir, "docs"), exist_ok=True)
    for old in os.listdir(os.path.join(out_dir, "docs")):
        os.remove(os.path.join(out_dir, "docs", old))
    with open(os.path.join(out_dir, "docs.jsonl"), "w", encoding="utf-8") as jl:
        for i, d in enumerate(docs):
            with open(os.path.join(out_dir, "docs", "%05d.json" % i), "w", encoding="utf-8") as f:
                f.write(json.dumps(d, indent=2, ensure_ascii=False) + "\n")
            jl.write(json.dumps(d, ensure_ascii=False, separators=(",", ":")) + "\n")
    print("%d ImageStream documents from %d JSON files" % (len(docs), len(files)))
    return 0 if docs else 1


if __name__ == "__main__":
    sys.exit(main())
