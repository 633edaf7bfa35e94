#!/usr/bin/env python3
"""Builds the AdmissionReviews of the webhook load test from a corpus of
real ImageStream manifests, one JSON review per line.

A webhook sees what the API server decoded and prepared, not the file a user
wrote, so every ImageStream of the corpus (top-level documents,
List/ImageStreamList items, Template objects) is first run through
`isconform check --normalized`:
* accepted by the server: the persisted object (defaults, generations,
  computed status), as a CREATE, and every third one also as an UPDATE (an
  annotation added) against itself as the stored object;
* decodable but invalid: the object as written, as a CREATE (the denial path);
* not decodable (the server answers 400 before admission): left out.
Template objects with apiVersion v1 are given image.openshift.io/v1, as
template processing does. Output order is deterministic.

usage: make_reviews.py ISCONFORM CORPUS_DIR > reviews.jsonl
"""
import copy
import json
import os
import subprocess
import sys
import tempfile

import yaml


def image_streams(value):
    if isinstance(value, dict):
        kind = value.get("kind")
        if kind == "ImageStream":
            yield value
        elif kind in ("List", "ImageStreamList"):
            for item in value.get("items") or []:
                if isinstance(item, dict) and item.get("kind", "ImageStream") == "ImageStream":
                    item = dict(item)
                    item.setdefault("kind", "ImageStream")
                    item.setdefault("apiVersion", "image.openshift.io/v1")
                    yield item
        elif kind == "Template":
            for obj in value.get("objects") or []:
                yield from image_streams(obj)


def load(path):
    with open(path, "rb") as f:
        data = f.read()
    try:
        return [json.loads(data)]
    except ValueError:
        pass
    try:
        return list(yaml.safe_load_all(data))
    except yaml.YAMLError:
        return []


def review(uid, op, obj, old=None):
    req = {"uid": uid,
           "kind": {"group": "image.openshift.io", "version": "v1", "kind": "ImageStream"},
           "resource": {"group": "image.openshift.io", "version": "v1", "resource": "imagestreams"},
           "requestKind": {"group": "image.openshift.io", "version": "v1", "kind": "ImageStream"},
           "requestResource": {"group": "image.openshift.io", "version": "v1", "resource": "imagestreams"},
           "name": obj["metadata"].get("name", ""), "namespace": obj["metadata"]["namespace"], "operation": op,
           "userInfo": {"username": "system:admin", "groups": ["system:masters", "system:authenticated"]},
           "object": obj, "oldObject": old, "dryRun": False,
           "options": {"kind": "CreateOptions" if op == "CREATE" else "UpdateOptions", "apiVersion": "meta.k8s.io/v1",
                       "fieldManager": "kubectl-client-side-apply", "fieldValidation": "Strict"}}
    return {"kind": "AdmissionReview", "apiVersion": "admission.k8s.io/v1", "request": req}


DECODING = {"SyntaxError", "TypeError", "UnknownField", "DuplicateField", "BadRequest", "InvalidUTF8"}


def main():
    isconform, corpus = sys.argv[1], sys.argv[2]
    objects = []
    for root, dirs, files in os.walk(corpus):
        dirs.sort()
        for name in sorted(files):
            if name.endswith((".md", ".tsv")):
                continue
            for doc in load(os.path.join(root, name)):
                for obj in image_streams(doc):
                    if not isinstance(obj.get("metadata"), dict):
                        continue
                    obj = copy.deepcopy(obj)
                    if obj.get("apiVersion") == "v1":
                        obj["apiVersion"] = "image.openshift.io/v1"
                    ns = obj["metadata"].get("namespace")
                    if not isinstance(ns, str) or not ns or "${" in ns:
                        obj["metadata"]["namespace"] = "bench"
                    try:
                        objects.append(json.dumps(obj, separators=(",", ":")))
                    except (TypeError, ValueError):
                        continue  # YAML values JSON cannot hold (dates as keys, ...)
    with tempfile.TemporaryDirectory() as tmp:
        for i, text in enumerate(objects):
            with open(os.path.join(tmp, "%06d.json" % i), "w") as f:
                f.write(text)
        p = subprocess.run([isconform, "check", "--no-config", "--format", "json", "--normalized", "--namespace",
                            "bench", tmp], capture_output=True, text=True)
        if p.returncode not in (0, 1):
            sys.exit("isconform check failed: " + p.stderr)
        results = {}
        for r in json.loads(p.stdout)["results"]:
            results.setdefault(os.path.basename(r["file"]), r)
    n = 0
    counts = {"accepted": 0, "invalid": 0, "undecodable": 0}
    for i, text in enumerate(objects):
        r = results.get("%06d.json" % i)
        if r is None:
            continue
        if r["valid"] and r.get("normalized"):
            obj = r["normalized"]
            counts["accepted"] += 1
        elif not any(f["severity"] == "error" and f["type"] in DECODING for f in r["findings"]):
            obj = json.loads(text)
            counts["invalid"] += 1
        else:
            counts["undecodable"] += 1
            continue
        n += 1
        print(json.dumps(review("bench-%06d" % n, "CREATE", obj), separators=(",", ":")))
        if r["valid"] and n % 3 == 0:
            old = copy.deepcopy(obj)
            old["metadata"]["resourceVersion"] = "1"
            new = copy.deepcopy(old)
            if not isinstance(new["metadata"].get("annotations"), dict):
                new["metadata"]["annotations"] = {}
            new["metadata"]["annotations"]["bench.isconform.io/touched"] = "true"
            print(json.dumps(review("bench-%06d-u" % n, "UPDATE", new, old), separators=(",", ":")))
    print("objects: %d accepted, %d invalid, %d undecodable (left out)" % (
        counts["accepted"], counts["invalid"], counts["undecodable"]), file=sys.stderr)


if __name__ == "__main__":
    main()
