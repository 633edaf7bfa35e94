#!/usr/bin/env python3
"""YAML and JSON renderings of the same objects give the same findings.

Every JSON file of the corpus is rendered as YAML (block style, every string
double-quoted so that YAML 1.1 resolution cannot retype it, numbers written
as in the JSON); both are checked and, object by object, the findings
(severity, field, type, message, rule) must be equal, with positions that
point into each file.

Usage: yaml_json_test.py ISCONFORM CORPUS_DIR   (exit 77 = skipped)
"""
import collections
import json
import os
import subprocess
import sys
import tempfile


def q(s):
    return json.dumps(s, ensure_ascii=False)


def emit(v, indent, out, key_line=None):
    pad = "  " * indent
    if isinstance(v, dict):
        if not v:
            out.append((key_line or pad) + "{}")
            return
        if key_line is not None:
            out.append(key_line.rstrip())
        for k, x in v.items():
            line = pad + q(k) + ":"
            if isinstance(x, (dict, list)) and x:
                emit(x, indent + 1, out, line)
            else:
                emit(x, indent + 1, out, line + " ")
    elif isinstance(v, list):
        if not v:
            out.append((key_line or pad) + "[]")
            return
        if key_line is not None:
            out.append(key_line.rstrip())
        for x in v:
            if isinstance(x, (dict, list)) and x:
                inner = []
                emit(x, indent + 1, inner)
                first = inner[0].lstrip()
                out.append(pad + "- " + first)
                out.extend(inner[1:])
            else:
                emit(x, indent + 1, out, pad + "- ")
    else:
        text = "null" if v is None else ("true" if v is True else "false" if v is False else
                                          q(v) if isinstance(v, str) else v.raw)
        out.append((key_line or pad) + text)


class Raw:
    def __init__(self, raw):
        self.raw = raw


def to_yaml(doc):
    out = []
    emit(doc, 0, out)
    return "\n".join(out) + "\n"


def findings(isconform, files):
    p = subprocess.run([isconform, "check", "--format", "json", *files], capture_output=True, timeout=600)
    if p.returncode not in (0, 1):
        raise SystemExit("isconform failed: %s" % p.stderr.decode())
    res = collections.defaultdict(list)
    for r in json.loads(p.stdout)["results"]:
        res[(r["file"], r["document"], r["object"])].append(r)
    return res


def main():
    isconform, corpus = sys.argv[1], sys.argv[2]
    index = os.path.join(corpus, "index.tsv")
    if not os.path.exists(index):
        print("corpus not found at %s: skipped" % corpus)
        return 77
    work = tempfile.mkdtemp()
    pairs = []
    with open(index) as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            path, fmt, kind = line.split("\t")[:3]
            if fmt != "json" or "," in kind or kind.startswith("!"):
                continue  # single JSON documents only
            src = os.path.join(corpus, path)
            with open(src, "rb") as fh:
                text = fh.read().decode("utf-8", "replace")
            try:
                doc = json.loads(text, parse_float=Raw, parse_int=Raw, object_pairs_hook=dict)
            except ValueError:
                continue
            dst = os.path.join(work, "%05d.yaml" % len(pairs))
            with open(dst, "w") as fh:
                fh.write(to_yaml(doc))
            pairs.append((src, dst))
    js = findings(isconform, [p[0] for p in pairs])
    ys = findings(isconform, [p[1] for p in pairs])
    mismatches = 0
    compared = 0
    for src, dst in pairs:
        jk = sorted(k for k in js if k[0] == src)
        yk = sorted(k for k in ys if k[0] == dst)
        if [k[1:] for k in jk] != [k[1:] for k in yk]:
            mismatches += 1
            print("objects differ: %s: %s vs %s" % (src, [k[1:] for k in jk], [k[1:] for k in yk]))
            continue
        for a, b in zip(jk, yk):
            for ra, rb in zip(js[a], ys[b]):
                compared += 1
                fa = sorted((f["severity"], f["field"], f["type"], f["message"], f["rule"]) for f in ra["findings"])
                fb = sorted((f["severity"], f["field"], f["type"], f["message"], f["rule"]) for f in rb["findings"])
                if fa != fb:
                    mismatches += 1
                    print("findings differ for %s %s:\n  json: %s\n  yaml: %s" % (src, a[2], fa, fb))
                for f in rb["findings"]:
                    if f["line"] == 0 and f["field"]:
                        mismatches += 1
                        print("no position in YAML for %s: %s" % (dst, f["message"]))
    print("%d files, %d objects compared, %d mismatches" % (len(pairs), compared, mismatches))
    return 1 if mismatches else 0


if __name__ == "__main__":
    sys.exit(main())
