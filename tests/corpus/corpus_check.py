#!/usr/bin/env python3
"""Checks isconform against the real-world corpus (../shared/corpus/real).

Acceptance of the core issue: `isconform check --field-validation Ignore`
finds no error in any JSON file whose top-level kind is ImageStream and whose
index flags are `-` or only flags of objects the server accepts.

Usage: corpus_check.py ISCONFORM CORPUS_DIR
Exits 77 (skipped) when the corpus is not there.
"""
import json
import os
import subprocess
import sys

ACCEPTED_FLAGS = {"has-status", "lookupPolicy", "no-spec.tags", "no-spec", "has-namespace",
                  "spec.dockerImageRepository", "tag-null-annotations", "tag-no-from"}


def main():
    isconform, corpus = sys.argv[1], sys.argv[2]
    index = os.path.join(corpus, "index.tsv")
    if not os.path.exists(index):
        print("corpus not found at %s: skipped" % corpus)
        return 77
    files = []
    with open(index) as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            path, fmt, kind, _n, _tags, flags = line.rstrip("\n").split("\t")
            if fmt != "json" or kind != "ImageStream":
                continue
            fl = set() if flags == "-" else set(x.split("(")[0] for x in flags.split(","))
            if fl <= ACCEPTED_FLAGS:
                files.append(os.path.join(corpus, path))
    p = subprocess.run([isconform, "check", "--field-validation", "Ignore", "--format", "json", *files],
                       capture_output=True, timeout=600)
    if p.returncode not in (0, 1):
        print("isconform failed: rc=%d\n%s" % (p.returncode, p.stderr.decode()))
        return 1
    doc = json.loads(p.stdout)
    bad = [(r["file"], f["message"]) for r in doc["results"] for f in r["findings"] if f["severity"] == "error"]
    print("checked %d JSON ImageStream files of the corpus (%d ImageStreams): %d errors"
          % (len(files), doc["summary"]["imagestreams"], len(bad)))
    for file, msg in bad[:50]:
        print("  %s: %s" % (os.path.relpath(file, corpus), msg))
    return 1 if bad or p.returncode != 0 else 0


if __name__ == "__main__":
    sys.exit(main())
