#!/usr/bin/env python3
"""Checks the JSON Schemas in schemas/ with an independent implementation
(python3-jsonschema): each is a valid draft-07 schema, every $ref resolves,
the conventions both engines rely on hold, and sample instances of every
section validate (or fail) as expected.

Usage: schema_check.py SCHEMAS_DIR
"""
import json
import os
import sys
import warnings

import jsonschema

warnings.filterwarnings("ignore", category=DeprecationWarning)

failures = []


def fail(msg):
    failures.append(msg)
    print("FAIL: " + msg)


def walk(node, path, name, fn):
    if isinstance(node, dict):
        fn(node, path, name)
        for k, v in node.items():
            walk(v, path + "/" + k, name, fn)
    elif isinstance(node, list):
        for i, v in enumerate(node):
            walk(v, path + "/" + str(i), name, fn)


def main():
    d = sys.argv[1]
    schemas = {}
    for f in sorted(os.listdir(d)):
        if f.endswith(".json"):
            with open(os.path.join(d, f)) as fh:
                schemas[f] = json.load(fh)
    if len(schemas) != 13:
        fail("expected 13 schemas, found %d" % len(schemas))
    base = "https://isconform.invalid/schemas/"
    store = {base + f: s for f, s in schemas.items()}

    def conventions(node, path, name):
        props = node.get("properties")
        if isinstance(props, dict) and path.endswith("/items") is False:
            if node.get("additionalProperties") is not False:
                fail("%s%s: objects with properties must set additionalProperties: false" % (name, path))
            if "x-go-struct" not in node:
                fail("%s%s: x-go-struct missing" % (name, path))
            for p, sub in props.items():
                if "$ref" not in sub and "x-go-type" not in sub:
                    fail("%s%s/properties/%s: x-go-type missing" % (name, path, p))
        t = node.get("type")
        if isinstance(t, list) and "null" not in t:
            fail("%s%s: type must allow null (the server's decoder accepts null everywhere)" % (name, path))
        if "pattern" in node:
            fail("%s%s: no pattern keywords (valijson 1.0 evaluates them with std::regex)" % (name, path))

    for f, s in schemas.items():
        try:
            jsonschema.Draft7Validator.check_schema(s)
        except jsonschema.exceptions.SchemaError as e:
            fail("%s: not a valid draft-07 schema: %s" % (f, e.message))
        if s.get("$id") != f:
            fail("%s: $id must be %s" % (f, f))
        walk(s, "", f, conventions)

    def validator(name):
        s = dict(schemas[name])
        s["$id"] = base + name
        resolver = jsonschema.RefResolver(base + name, s, store=store)
        return jsonschema.Draft7Validator(s, resolver=resolver)

    def expect(name, instance, ok):
        errors = list(validator(name).iter_errors(instance))
        if ok and errors:
            fail("%s: expected valid: %s: %s" % (name, json.dumps(instance), errors[0].message))
        if not ok and not errors:
            fail("%s: expected invalid: %s" % (name, json.dumps(instance)))

    tag = {"name": "latest", "annotations": {"a": "b"}, "from": {"kind": "DockerImage", "name": "quay.io/a:b"},
           "reference": False, "generation": 1, "importPolicy": {"insecure": False, "scheduled": True,
                                                                    "importMode": "Legacy"},
           "referencePolicy": {"type": "Local"}}
    event = {"created": "2024-01-02T03:04:05Z", "dockerImageReference": "quay.io/a@sha256:" + "a" * 64,
             "image": "sha256:" + "a" * 64, "generation": 2}
    stream = {"apiVersion": "image.openshift.io/v1", "kind": "ImageStream",
              "metadata": {"name": "a", "namespace": "n", "labels": {"x": "y"},
                           "ownerReferences": [{"apiVersion": "v1", "kind": "K", "name": "n", "uid": "u"}],
                           "finalizers": ["example.com/f"], "creationTimestamp": None},
              "spec": {"lookupPolicy": {"local": True}, "dockerImageRepository": "", "tags": [tag]},
              "status": {"dockerImageRepository": "r", "tags": [{"tag": "latest", "items": [event],
                         "conditions": [{"type": "ImportSuccess", "status": "False", "generation": 1}]}]}}
    cases = [
        ("ImageStream", stream, True),
        ("ImageStream", {"apiVersion": "image.openshift.io/v1", "kind": "ImageStream", "labels": {}}, False),
        ("ImageStream", {"apiVersion": "image.openshift.io/v1", "kind": "ImageStream", "spec": []}, False),
        ("ImageStreamSpec", {"tags": [tag]}, True),
        ("ImageStreamSpec", {"tags": {"latest": tag}}, False),
        ("ImageLookupPolicy", {"local": False}, True),
        ("ImageLookupPolicy", {"local": "yes"}, False),
        ("TagReference", tag, True),
        ("TagReference", dict(tag, generation=1.5), False),
        ("TagReference", dict(tag, tag="x"), False),
        ("TagImportPolicy", {"importMode": "PreserveOriginal"}, True),
        ("TagImportPolicy", {"insecure": "true"}, False),
        ("TagReferencePolicy", {"type": "Source"}, True),
        ("TagReferencePolicy", {"type": 1}, False),
        ("ObjectReference", {"kind": "ImageStreamTag", "name": "a:b", "namespace": "n"}, True),
        ("ObjectReference", {"Kind": "ImageStreamTag"}, False),
        ("ImageStreamStatus", stream["status"], True),
        ("ImageStreamStatus", {"tags": "x"}, False),
        ("NamedTagEventList", {"tag": "a", "items": [event]}, True),
        ("NamedTagEventList", {"tag": "a", "items": [event], "foo": 1}, False),
        ("TagEvent", event, True),
        ("TagEvent", dict(event, generation="2"), False),
        ("TagEventCondition", {"type": "ImportSuccess", "status": "True", "generation": 3}, True),
        ("TagEventCondition", {"type": "ImportSuccess", "status": "True", "generation": 3, "x": 1}, False),
        ("ObjectMeta", stream["metadata"], True),
        ("ObjectMeta", {"annotations": {"a": 1}}, False),
        ("ImageStreamList", {"apiVersion": "image.openshift.io/v1", "kind": "ImageStreamList", "metadata": {},
                             "items": [stream]}, True),
        ("ImageStreamList", {"kind": "ImageStreamList"}, False),  # items is required
    ]
    for name, inst, ok in cases:
        expect(name + ".json", inst, ok)
    print("%d schemas, %d instance cases, %d failures" % (len(schemas), len(cases), len(failures)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
