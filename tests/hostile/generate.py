#!/usr/bin/env python3
"""Generates the hostile inputs of tests/hostile (docs/limits.md).

Every case is a function writing one input file; CASES maps the case name to
(file name, writer, extra `isconform check` arguments). Usage on its own:

    generate.py DIR [CASE...]     write the inputs into DIR (all cases by default)

The inputs are made on the fly (some are 100 MB) and never stored.
"""
import json
import os
import sys

MIB = 1024 * 1024


def stream(name="s", tags=None, extra_meta=None, spec_extra=None):
    """A small valid ImageStream as a dict."""
    meta = {"name": name, "namespace": "ns"}
    if extra_meta:
        meta.update(extra_meta)
    spec = {"tags": tags if tags is not None else [
        {"name": "latest", "from": {"kind": "DockerImage", "name": "quay.io/a/b:1"}}]}
    if spec_extra:
        spec.update(spec_extra)
    return {"apiVersion": "image.openshift.io/v1", "kind": "ImageStream", "metadata": meta, "spec": spec}


def compact(obj):
    return json.dumps(obj, separators=(",", ":")).encode()


def write(path, data):
    with open(path, "wb") as f:
        f.write(data)


# ---- size limits -------------------------------------------------------------

def oversize_json(path):
    # A valid object padded with insignificant whitespace to 3 MiB + 1 byte.
    body = compact(stream())
    pad = 3 * MIB + 1 - len(body)
    write(path, body[:-1] + b" " * pad + b"}")


def oversize_yaml(path):
    # YAML: a comment line pushes the document over 3 MiB.
    body = b"apiVersion: image.openshift.io/v1\nkind: ImageStream\nmetadata:\n  name: s\n  namespace: ns\n"
    write(path, body + b"#" + b"x" * (3 * MIB) + b"\n")


def oversize_file_100mb_string(path):
    # 100 MB in one string: over the whole-file bound (16 x document-bytes).
    with open(path, "wb") as f:
        f.write(b'{"apiVersion":"image.openshift.io/v1","kind":"ImageStream","metadata":{"name":"s","namespace":"ns",'
                b'"annotations":{"a":"')
        chunk = b"a" * MIB
        for _ in range(100):
            f.write(chunk)
        f.write(b'"}}}')


def long_string_2mib(path):
    # 2 MiB in one annotation value: under the document limit only when it is
    # raised, over the 1 MiB string limit.
    write(path, compact(stream(extra_meta={"annotations": {"a": "a" * (2 * MIB)}})))


def long_string_100mb_raised(path):
    # The 100 MB string again, with document-bytes raised to 200M: the parser
    # reads it and the string limit reports it.
    oversize_file_100mb_string(path)


def deep_json(path):
    # 100,000 nested arrays in spec.tags.
    n = 100000
    write(path, b'{"apiVersion":"image.openshift.io/v1","kind":"ImageStream","metadata":{"name":"s","namespace":"ns"},'
                b'"spec":{"tags":' + b"[" * n + b"]" * n + b"}}")


def deep_json_objects(path):
    # 100,000 nested objects at the top level.
    n = 100000
    write(path, b'{"a":' * n + b"1" + b"}" * n)


def deep_yaml_flow(path):
    n = 100000
    write(path, b"apiVersion: image.openshift.io/v1\nkind: ImageStream\nmetadata:\n  name: s\n  namespace: ns\n"
                b"spec:\n  tags: " + b"[" * n + b"]" * n + b"\n")


def deep_yaml_block(path):
    # "- - - - ... x": 100,000 nested block sequences on one line.
    n = 100000
    write(path, b"spec:\n  tags:\n  " + b"- " * n + b"x\n")


def many_tags(n):
    return [{"name": "t%d" % i} for i in range(n)]


def tags_1m(path):
    # 1,000,001 empty tags: 3 MB, under the document limit, over the tags limit.
    with open(path, "wb") as f:
        f.write(b'{"apiVersion":"image.openshift.io/v1","kind":"ImageStream","metadata":{"name":"s","namespace":"ns"},'
                b'"spec":{"tags":[')
        f.write(b",".join([b"{}"] * 1000001))
        f.write(b"]}}")


def tags_1m_named(path):
    # 1,000,001 named tags (about 18 MB): over the document limit.
    with open(path, "wb") as f:
        f.write(b'{"apiVersion":"image.openshift.io/v1","kind":"ImageStream","metadata":{"name":"s","namespace":"ns"},'
                b'"spec":{"tags":[')
        f.write(b",".join(b'{"name":"t%d"}' % i for i in range(1000001)))
        f.write(b"]}}")


def status_items_1m(path):
    # 1,000,001 (empty) status items spread over 1001 status tags: 3 MB.
    with open(path, "wb") as f:
        f.write(b'{"apiVersion":"image.openshift.io/v1","kind":"ImageStream","metadata":{"name":"s","namespace":"ns"},'
                b'"spec":{},"status":{"dockerImageRepository":"","tags":[')
        item = b"{}"
        tags = []
        left = 1000001
        t = 0
        while left:
            k = min(1000, left)
            tags.append(b'{"tag":"t%d","items":[' % t + b",".join([item] * k) + b"]}")
            left -= k
            t += 1
        f.write(b",".join(tags))
        f.write(b"]}}")


def tags_small_limit(path):
    write(path, compact(stream(tags=[{"name": "t%d" % i, "from": {"kind": "DockerImage", "name": "quay.io/a/b:1"}}
                                     for i in range(11)])))


def billion_laughs(path):
    lines = [b"apiVersion: image.openshift.io/v1", b"kind: ImageStream", b"metadata:", b"  name: s",
             b"  namespace: ns", b"  annotations:", b'    a0: &a0 "lol"']
    lines.append(b"    l1: &a1 [*a0, *a0, *a0, *a0, *a0, *a0, *a0, *a0, *a0, *a0]")
    for i in range(2, 10):
        lines.append(b"    l%d: &a%d [" % (i, i) + b", ".join([b"*a%d" % (i - 1)] * 10) + b"]")
    write(path, b"\n".join(lines) + b"\n")


def findings_cap(path):
    # 1500 tags with an invalid name each: more than 1000 findings.
    write(path, compact(stream(tags=[{"name": "Bad_%d!" % i} for i in range(1500)])))


def findings_small_limit(path):
    write(path, compact(stream(tags=[{"name": "Bad_%d!" % i} for i in range(10)])))


# ---- odd values ---------------------------------------------------------------

def int64_overflow(path):
    write(path, compact(stream()).replace(b'"name":"s",', b'"name":"s","generation":9223372036854775808,', 1))


def int64_underflow_tag_generation(path):
    write(path, compact(stream()).replace(b'"name":"latest",', b'"name":"latest","generation":-9223372036854775809,', 1))


def float_1e400(path):
    write(path, compact(stream()).replace(b'"name":"s",', b'"name":"s","generation":1e400,', 1))


def float_1e400_string_field(path):
    write(path, compact(stream()).replace(b'"name":"s",', b'"name":"s","uid":1e400,', 1))


def yaml_inf(path):
    write(path, b"apiVersion: image.openshift.io/v1\nkind: ImageStream\nmetadata:\n  name: s\n  namespace: ns\n"
                b"  generation: .inf\n")


def nul_raw_json(path):
    write(path, compact(stream()).replace(b'"name":"s"', b'"name":"s\x00x"', 1))


def nul_escaped_json(path):
    write(path, compact(stream()).replace(b'"name":"s"', b'"name":"s\\u0000x"', 1))


def nul_raw_yaml(path):
    write(path, b"apiVersion: image.openshift.io/v1\nkind: ImageStream\nmetadata:\n  name: s\x00x\n  namespace: ns\n")


def invalid_utf8_json(path):
    write(path, compact(stream()).replace(b'"name":"s"', b'"name":"s\xffx"', 1))


def overlong_utf8_json(path):
    # 0xC0 0xAF is an overlong "/".
    write(path, compact(stream()).replace(b'"name":"s"', b'"name":"s\xc0\xafx"', 1))


def invalid_utf8_yaml(path):
    write(path, b"apiVersion: image.openshift.io/v1\nkind: ImageStream\nmetadata:\n  name: s\xffx\n  namespace: ns\n")


def lone_surrogate(path):
    write(path, compact(stream()).replace(b'"name":"s"', b'"name":"s\\ud800x"', 1))


def lone_low_surrogate_annotation(path):
    write(path, compact(stream(extra_meta={"annotations": {"a": "PLACEHOLDER"}})).replace(
        b"PLACEHOLDER", b"\\udc00"))


def bom_json(path):
    write(path, b"\xef\xbb\xbf" + compact(stream()))


def bom_yaml(path):
    write(path, b"\xef\xbb\xbfapiVersion: image.openshift.io/v1\nkind: ImageStream\nmetadata:\n  name: s\n"
                b"  namespace: ns\n")


def crlf_json(path):
    write(path, json.dumps(stream(), indent=2).replace("\n", "\r\n").encode())


def crlf_yaml(path):
    write(path, b"apiVersion: image.openshift.io/v1\r\nkind: ImageStream\r\nmetadata:\r\n  name: S\r\n"
                b"  namespace: ns\r\n")


def empty(path):
    write(path, b"")


def whitespace_only(path):
    write(path, b" \n\t\r\n  \n")


# ---- attacks on the checks ------------------------------------------------------

def regex_bomb_pullspec(path):
    # Nested quantifiers of a reference grammar ([a-z0-9]+(?:[._-][a-z0-9]+)*)
    # blow up on a long run of separable characters followed by a bad one.
    bomb = "a" + "-a" * 200000 + "!"
    write(path, compact(stream(tags=[{"name": "latest", "from": {"kind": "DockerImage", "name": "quay.io/" + bomb}}])))


def regex_bomb_domain(path):
    bomb = "a." * 200000 + "a:/x"
    write(path, compact(stream(tags=[{"name": "latest", "from": {"kind": "DockerImage", "name": bomb}}])))


def duplicate_keys_json(path):
    members = b",".join(b'"name":"n%d"' % i for i in range(5000))
    write(path, b'{"apiVersion":"image.openshift.io/v1","kind":"ImageStream","metadata":{' + members +
          b',"namespace":"ns"}}')


def duplicate_keys_yaml(path):
    lines = [b"apiVersion: image.openshift.io/v1", b"kind: ImageStream", b"metadata:", b"  namespace: ns"]
    lines += [b"  name: n%d" % i for i in range(5000)]
    write(path, b"\n".join(lines) + b"\n")


# name -> (file name, writer, extra arguments of `isconform check`)
CASES = {
    "oversize-json": ("o.json", oversize_json, []),
    "oversize-yaml": ("o.yaml", oversize_yaml, []),
    "string-100mb-file": ("s.json", oversize_file_100mb_string, []),
    "string-100mb-raised": ("s.json", long_string_100mb_raised, ["--limit", "document-bytes=200M"]),
    "string-2mib": ("s.json", long_string_2mib, []),
    "deep-json-arrays": ("d.json", deep_json, []),
    "deep-json-objects": ("d.json", deep_json_objects, []),
    "deep-yaml-flow": ("d.yaml", deep_yaml_flow, []),
    "deep-yaml-block": ("d.yaml", deep_yaml_block, []),
    "tags-1m": ("t.json", tags_1m, []),
    "tags-1m-named": ("t.json", tags_1m_named, []),
    "tags-1m-named-raised": ("t.json", tags_1m_named, ["--limit", "document-bytes=64M"]),
    "tags-limit": ("t.json", tags_small_limit, ["--limit", "tags=10"]),
    "status-items-1m": ("t.json", status_items_1m, []),
    "status-items-limit": ("t.json", status_items_1m, ["--limit", "status-items=1000"]),
    "billion-laughs": ("b.yaml", billion_laughs, []),
    "yaml-nodes-limit": ("b.yaml", billion_laughs, ["--limit", "yaml-nodes=50"]),
    "findings-cap": ("f.json", findings_cap, []),
    "findings-limit": ("f.json", findings_small_limit, ["--limit", "findings=4"]),
    "int64-overflow": ("n.json", int64_overflow, []),
    "int64-underflow": ("n.json", int64_underflow_tag_generation, []),
    "float-1e400": ("n.json", float_1e400, []),
    "float-1e400-string": ("n.json", float_1e400_string_field, []),
    "yaml-inf": ("n.yaml", yaml_inf, []),
    "nul-raw-json": ("z.json", nul_raw_json, []),
    "nul-escaped-json": ("z.json", nul_escaped_json, []),
    "nul-raw-yaml": ("z.yaml", nul_raw_yaml, []),
    "invalid-utf8-json": ("u.json", invalid_utf8_json, []),
    "overlong-utf8-json": ("u.json", overlong_utf8_json, []),
    "invalid-utf8-yaml": ("u.yaml", invalid_utf8_yaml, []),
    "lone-surrogate": ("u.json", lone_surrogate, []),
    "lone-low-surrogate": ("u.json", lone_low_surrogate_annotation, []),
    "bom-json": ("b.json", bom_json, []),
    "bom-yaml": ("b.yaml", bom_yaml, []),
    "crlf-json": ("c.json", crlf_json, []),
    "crlf-yaml": ("c.yaml", crlf_yaml, []),
    "empty": ("e.yaml", empty, []),
    "whitespace-only": ("e.yaml", whitespace_only, []),
    "regex-bomb-path": ("r.json", regex_bomb_pullspec, []),
    "regex-bomb-domain": ("r.json", regex_bomb_domain, []),
    "duplicate-keys-json": ("k.json", duplicate_keys_json, []),
    "duplicate-keys-yaml": ("k.yaml", duplicate_keys_yaml, []),
}


def main(argv):
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    out = argv[1]
    os.makedirs(out, exist_ok=True)
    for name in argv[2:] or CASES:
        fname, writer, args = CASES[name]
        path = os.path.join(out, name + "-" + fname)
        writer(path)
        print(path, " ".join(args))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
