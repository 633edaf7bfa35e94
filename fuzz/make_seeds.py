#!/usr/bin/env python3
"""Writes the hand-written seeds (fuzz/corpus/<target>/seed-*) and the
dictionaries (fuzz/<target>_fuzzer.dict) of the fuzz harnesses.

Seeds are small documents written for isconform plus the bundled samples/;
nothing is copied from elsewhere. Inputs that libFuzzer minimized from these
seeds are committed next to them under their hash names and are left alone.

Usage: fuzz/make_seeds.py        (run from anywhere; rewrites seed-* files)
"""
import glob
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
HEX = "0f3b3c1e7f2d4a5b6c7d8e9f0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d"
SHA = "sha256:" + HEX
API = "image.openshift.io/v1"

# Options byte (fuzz_helpers.hh): bits 0-1 operation (0 create, 1 update,
# 2 status update), bits 2-3 field validation (0 strict, 1 warn, 2 ignore),
# 0x10 open world, 0x20 no request checks, 0x40 default namespace, 0x80 the
# built-in environment.
CREATE, UPDATE, STATUS = 0, 1, 2
WARN, IGNORE = 1 << 2, 2 << 2
OPEN, NORC, NS, ENV = 0x10, 0x20, 0x40, 0x80


def stream(name="app", ns="demo", spec=None, status=None, **meta):
    o = {"apiVersion": API, "kind": "ImageStream", "metadata": {"name": name, "namespace": ns, **meta}}
    if name is None:
        del o["metadata"]["name"]
    if ns is None:
        del o["metadata"]["namespace"]
    if spec is not None:
        o["spec"] = spec
    if status is not None:
        o["status"] = status
    return o


def docker(tag, ref, **extra):
    return {"name": tag, "from": {"kind": "DockerImage", "name": ref}, **extra}


def ist(tag, ref, **extra):
    return {"name": tag, "from": {"kind": "ImageStreamTag", "name": ref}, **extra}


def j(o):
    return json.dumps(o, separators=(",", ":")).encode()


# --- JSON ImageStream documents --------------------------------------------

MIN = stream("a", "b")
FULL = stream(
    "ruby", "demo",
    labels={"app": "ruby", "example.com/tier": "backend"},
    annotations={"openshift.io/display-name": "Ruby", "description": "x"},
    ownerReferences=[{"apiVersion": "apps/v1", "kind": "Deployment", "name": "d", "uid": "u-1", "controller": True,
                      "blockOwnerDeletion": False}],
    managedFields=[{"manager": "oc", "operation": "Apply", "apiVersion": API, "time": "2024-01-02T03:04:05Z",
                    "fieldsType": "FieldsV1", "fieldsV1": {"f:spec": {}}}],
    finalizers=["example.com/cleanup"],
    spec={
        "lookupPolicy": {"local": True},
        "tags": [
            docker("3.3", "registry.access.redhat.com/ubi9/ruby-33:latest",
                   importPolicy={"scheduled": True, "importMode": "PreserveOriginal"},
                   referencePolicy={"type": "Local"}, annotations={"tags": "builder,ruby"}),
            ist("latest", "3.3"),
            {"name": "pinned", "from": {"kind": "ImageStreamImage", "name": "ruby@" + SHA}},
            docker("insecure", "registry.example.com:5000/team/ruby@" + SHA,
                   importPolicy={"insecure": True}, reference=True),
            ist("other", "base:latest", **{"from": {"kind": "ImageStreamTag", "name": "base:latest",
                                                    "namespace": "demo"}}),
        ],
    })
STATUS_DOC = stream(
    "base", "demo", resourceVersion="7", generation=3,
    spec={"tags": [docker("latest", "quay.io/demo/base:1", generation=3)]},
    status={
        "dockerImageRepository": "image-registry.openshift-image-registry.svc:5000/demo/base",
        "publicDockerImageRepository": "registry.apps.example.com/demo/base",
        "tags": [{"tag": "latest",
                  "items": [{"created": "2024-01-02T03:04:05Z", "dockerImageReference": "quay.io/demo/base@" + SHA,
                             "image": SHA, "generation": 3}],
                  "conditions": [{"type": "ImportSuccess", "status": "False", "lastTransitionTime":
                                  "2024-01-02T03:04:05Z", "reason": "NotFound", "message": "x", "generation": 2}]}],
    })
BAD_META = stream(
    "Bad_Name", "Ns.With.Dots", generateName="x-",
    labels={"bad key!": "v", "ok": "-bad-value-"},
    annotations={"/nope": "v"},
    finalizers=["orphan", "foregroundDeletion", "nonstandard"],
    ownerReferences=[{"apiVersion": "v1", "kind": "Event", "name": "", "uid": ""},
                     {"apiVersion": "apps/v1", "kind": "Deployment", "name": "d", "uid": "u", "controller": True},
                     {"apiVersion": "apps/v1", "kind": "Deployment", "name": "e", "uid": "v", "controller": True}])
BAD_SPEC = stream("app", "demo", spec={
    "dockerImageRepository": "quay.io/demo/app:v1",
    "tags": [
        docker("v1", "Quay.io/Demo/App:v1"),
        ist("mirror", "app:v1:extra", importPolicy={"scheduled": True}),
        {"name": "typo", "from": {"kind": "dockerimage", "name": "quay.io/demo/app:v2"},
         "referencePolicy": {"type": "local"}, "importPolicy": {"importMode": "Bogus"}},
        {"name": "noname", "from": {"kind": "DockerImage"}},
        docker("bad:tag", "quay.io/a/b@sha256:abc"),
        docker("v1", "quay.io/demo/app:dup"),
    ]})
GENERATE = stream(None, "demo", generateName="app", spec={"tags": [docker("1", "quay.io/a/b:1")]})
LONG = stream("n" * 200, "l" * 63)
DELETING = stream("app", "demo", resourceVersion="5", deletionTimestamp="2024-01-02T03:04:05Z",
                  deletionGracePeriodSeconds=0, finalizers=["example.com/keep"])
RESOLVE = stream("app", "demo", spec={"tags": [
    ist("a", "base:latest"), ist("b", "missing:tag"),
    {"name": "c", "from": {"kind": "ImageStreamImage", "name": "base@" + SHA}},
    {"name": "d", "from": {"kind": "ImageStreamTag", "name": "tools:latest", "namespace": "fuzz"}},
    ist("e", "a"), docker("f", "docker.io/library/busybox:1"), docker("g", "localhost:5000/x/y"),
]})
TEMPLATE = {"apiVersion": "template.openshift.io/v1", "kind": "Template", "metadata": {"name": "t"},
            "parameters": [{"name": "TAG"}],
            "objects": [{"apiVersion": "v1", "kind": "ImageStream",
                         "metadata": {"name": "app", "namespace": "hard-coded"},
                         "spec": {"tags": [docker("${TAG}", "quay.io/a/b:${TAG}")]}}]}
LIST = {"apiVersion": "v1", "kind": "ImageStreamList",
        "items": [{"metadata": {"name": "a", "namespace": "demo"}}, MIN, {"kind": "ConfigMap"}, 7]}

DECODE_ERRORS = [
    # unknown and duplicate fields, wrong types, times, UTF-8, NUL
    b'{"apiVersion":"image.openshift.io/v1","kind":"ImageStream","metadata":{"name":"a","namespace":"b",'
    b'"name":"c","nmae":"x"},"spec":{"tags":[{"name":"t","frm":{}}],"unknown":1},"extra":true}',
    b'{"apiVersion":"image.openshift.io/v1","kind":"ImageStream","metadata":{"name":"a","namespace":"b",'
    b'"generation":"1","labels":{"k":5}},"spec":{"tags":{"name":"t"}}}',
    b'{"apiVersion":"image.openshift.io/v1","kind":"ImageStream","metadata":{"name":"a","namespace":"b",'
    b'"creationTimestamp":"yesterday","generation":1.5},"spec":{"lookupPolicy":{"local":"yes"}}}',
    b'{"apiVersion":"image.openshift.io/v1","kind":"ImageStream","metadata":{"name":"a\xff","namespace":"b",'
    b'"annotations":{"k":"\\ud800\\u0000"}},"spec":{"tags":[{"name":"t","generation":99999999999999999999}]}}',
    b'{"apiVersion":"image.openshift.io/v1","kind":"ImageStream","status":{"tags":[{"tag":"x","items":[{}]}]},'
    b'"spec":{"tags":[{}]},"metadata":{"namespace":"b","name":"a","uid":7}}',
    b'{"apiVersion":"image.openshift.io/v1","kind":"ImageStream","metadata":null,"spec":null,"status":[]}',
]
GVK = [
    b'{"apiVersion":"v1","kind":"ImageStream","metadata":{"name":"a","namespace":"b"}}',
    b'{"kind":"ImageStream","metadata":{"name":"a"}}',
    b'{"apiVersion":"apps/v1","kind":"Deployment"}',
    b'{"apiVersion":"image.openshift.io/v2","kind":"ImageStream"}',
    b'{"apiVersion":1,"kind":["ImageStream"]}',
    b'[1,{"kind":"ImageStream"}] {"apiVersion":"image.openshift.io/v1"} "x"',
]
SYNTAX = [b'', b'{', b'{"apiVersion":"image.openshift.io/v1",}', b'\xef\xbb\xbf{}', b'{"a":1}x', b'nul']

VALID_DOCS = {
    "min": MIN, "full": FULL, "status": STATUS_DOC, "generate": GENERATE, "resolve": RESOLVE,
}
INVALID_DOCS = {"bad-meta": BAD_META, "bad-spec": BAD_SPEC, "long": LONG, "deleting": DELETING}


def sample(name):
    with open(os.path.join(ROOT, "samples", name), "rb") as f:
        return f.read()


# --- YAML streams -----------------------------------------------------------

YAML = {
    "anchors": b"""apiVersion: image.openshift.io/v1
kind: ImageStream
metadata: &meta
  name: app
  namespace: demo
  labels: {app: app}
spec:
  tags:
  - &tag
    name: "1.0"
    from: {kind: DockerImage, name: 'quay.io/demo/app:1.0'}
    importPolicy: {scheduled: yes}
  - <<: *tag
    name: latest
""",
    "stream": b"""# two streams and a config map
---
apiVersion: image.openshift.io/v1
kind: ImageStream
metadata: {name: a, namespace: demo}
---
---
null
--- ~
apiVersion: v1
kind: ConfigMap
...
---
apiVersion: image.openshift.io/v1
kind: ImageStream
metadata:
  name: b
  namespace: demo
  generation: 0x10
  annotations:
    on: off
    date: 2001-12-14t21:59:43.10-05:00
""",
    "template": b"""apiVersion: template.openshift.io/v1
kind: Template
objects:
- apiVersion: image.openshift.io/v1
  kind: ImageStream
  metadata:
    name: ${NAME}
  spec:
    tags:
    - name: latest
      generation: ${{GEN}}
      from:
        kind: DockerImage
        name: quay.io/a/${NAME}
""",
    "duplicates": b"""apiVersion: image.openshift.io/v1
kind: ImageStream
metadata:
  name: a
  name: b
  namespace: demo
spec:
  tags:
  - name: x
    from: {kind: DockerImage, name: q.io/a}
    from: {kind: DockerImage, name: q.io/b}
""",
    "scalars": b"""apiVersion: image.openshift.io/v1
kind: ImageStream
metadata:
  name: 012
  namespace: !!str 7
  generation: 1_000
  resourceVersion: 1e3
  labels:
    ? complex
    : value
    1: 2
    true: null
  annotations:
    folded: >
      a
      b
    literal: |-
      x
    single: 'it''s'
spec:
  lookupPolicy:
    local: Y
  tags: []
""",
    "syntax": b"""apiVersion: image.openshift.io/v1
kind: ImageStream
metadata:
  name: [a
\tnamespace: b
""",
    "list": b"""apiVersion: v1
kind: List
items:
- kind: ImageStream
  apiVersion: image.openshift.io/v1
  metadata: {name: a, namespace: b}
- *missing
""",
}


# --- update pairs -----------------------------------------------------------

def with_rv(o, rv="1"):
    o = json.loads(json.dumps(o))
    o["metadata"]["resourceVersion"] = rv
    return o


def pair(old, new):
    return j(old) + b"\n%%\n" + j(new)


PAIRS = {}
_old = with_rv(stream("app", "demo", generation=2, spec={"tags": [docker("a", "quay.io/x/a:1", generation=2),
                                                                   ist("b", "a", generation=2),
                                                                   docker("c", "quay.io/x/c:1", generation=1)]}))
_new = json.loads(json.dumps(_old))
_new["spec"]["tags"][0]["from"]["name"] = "quay.io/x/a:2"
_new["spec"]["tags"][1]["generation"] = 0
del _new["spec"]["tags"][2]
_new["spec"]["tags"].append(docker("d", "quay.io/x/d:1", importPolicy={"importMode": "PreserveOriginal"}))
PAIRS["tag-changes"] = (pair(_old, _new), UPDATE)
PAIRS["same"] = (pair(_old, _old), UPDATE)
_rename = json.loads(json.dumps(_old))
_rename["metadata"].update(name="other", namespace="elsewhere", uid="u2", creationTimestamp="2024-01-01T00:00:00Z")
PAIRS["immutable"] = (pair(_old, _rename), UPDATE | WARN)
PAIRS["no-rv"] = (pair(_old, stream("app", "demo")), UPDATE)
PAIRS["no-rv-unchecked"] = (pair(_old, stream("app", "demo")), UPDATE | NORC)
_del = with_rv(DELETING, "5")
_del2 = json.loads(json.dumps(_del))
_del2["metadata"]["finalizers"].append("example.com/new")
PAIRS["deleting"] = (pair(_del, _del2), UPDATE)
_st = json.loads(json.dumps(STATUS_DOC))
_st["status"]["tags"][0]["items"].insert(0, {"created": "2024-02-02T03:04:05Z",
                                             "dockerImageReference": "evil.example.org/x@" + SHA,
                                             "image": SHA, "generation": 4})
PAIRS["status"] = (pair(STATUS_DOC, _st), STATUS | ENV)
PAIRS["status-same"] = (pair(STATUS_DOC, STATUS_DOC), STATUS)
PAIRS["bad-old"] = (b'{"kind":"ImageStream","metadata":{"generation":"x"}}\n%%\n' + j(with_rv(MIN)), UPDATE)
PAIRS["no-separator"] = (j(with_rv(FULL)), UPDATE | ENV)
PAIRS["yaml"] = (b"apiVersion: image.openshift.io/v1\nkind: ImageStream\nmetadata: {name: a, namespace: b, "
                 b"resourceVersion: '1'}\n\n%%\n" + YAML["anchors"], UPDATE)


# --- environments -----------------------------------------------------------

ENVIRONMENTS = {
    "full": json.dumps({
        "allowedRegistriesForImport": [{"domainName": "quay.io"}, {"domainName": "*.example.com:5000", "insecure": True},
                                       {"domainName": "[::1]:*"}, {"domainName": "a:b:c"}],
        "internalRegistryHostname": "image-registry.openshift-image-registry.svc:5000",
        "externalRegistryHostname": "registry.apps.example.com",
        "defaultImportMode": "PreserveOriginal",
        "imageStreams": [STATUS_DOC, stream("tools", "fuzz", spec={})],
    }, indent=1).encode(),
    "yaml": b"""allowedRegistriesForImport:
- domainName: quay.io
- domainName: registry.example.com:5000
  insecure: true
internalRegistryHostname: image-registry.openshift-image-registry.svc:5000
externalRegistryHostname: registry.apps.example.com
defaultImportMode: Legacy
imageStreams: []
""",
    "empty": b"{}",
    "nulls": b'{"allowedRegistriesForImport":null,"imageStreams":null,"defaultImportMode":""}',
    "unknown-key": b'{"allowedRegistries":[]}',
    "bad-insecure": b'{"allowedRegistriesForImport":[{"domainName":"q.io","insecure":"yes"}]}',
    "bad-mode": b'{"defaultImportMode":"Bogus"}',
    "no-domain": b'{"allowedRegistriesForImport":[{"insecure":true}]}',
    "stream-no-name": b'{"imageStreams":[{"metadata":{"namespace":"demo"}}]}',
    "stream-type-error": b'{"imageStreams":[{"metadata":{"name":"a","generation":"x"}}]}',
    "not-object": b'[1]',
    "syntax": b'{"imageStreams":[',
    "wildcards": b'{"allowedRegistriesForImport":[{"domainName":"*"},{"domainName":"?uay.io:44?"},'
                 b'{"domainName":"docker.io:*"}],"internalRegistryHostname":"[fe80::1]:5000"}',
}


# --- admission reviews -------------------------------------------------------

def review(op, obj=None, old=None, api="admission.k8s.io/v1", **extra):
    rq = {"uid": "705ab4f5-6393-11e8-b7cc-42010a800002",
          "kind": {"group": "image.openshift.io", "version": "v1", "kind": "ImageStream"},
          "resource": {"group": "image.openshift.io", "version": "v1", "resource": "imagestreams"},
          "namespace": "demo", "operation": op, **extra}
    if obj is not None:
        rq["object"] = obj
    if old is not None:
        rq["oldObject"] = old
    return j({"apiVersion": api, "kind": "AdmissionReview", "request": rq})


CONFIG = b"""rules:
  W2: off
  S4: warning
  M3: error
policy:
  allowedRegistries: [quay.io, "*.example.com", registry.example.com/team]
  requireLocalReferencePolicy: true
  forbidInsecureImport: true
  requireDigest: true
  maxTags: 2
  requiredTagAnnotations: [description]
"""
REVIEWS = {
    "create": (review("CREATE", FULL), CREATE),
    "create-invalid": (review("CREATE", BAD_SPEC), CREATE | WARN),
    "create-decode": (review("CREATE", json.loads(DECODE_ERRORS[1])), CREATE),
    "update": (review("UPDATE", _new, _old), CREATE),
    "status": (review("UPDATE", _st, STATUS_DOC, subResource="status"), CREATE),
    "delete": (review("DELETE", None, FULL), CREATE),
    "v1beta1": (review("CREATE", MIN, api="admission.k8s.io/v1beta1"), CREATE | OPEN),
    "other-kind": (review("CREATE", {"apiVersion": "v1", "kind": "ConfigMap"},
                          kind={"group": "", "version": "v1", "kind": "ConfigMap"}), CREATE),
    "no-namespace": (review("CREATE", stream("a", None)), CREATE),
    "malformed": (b'{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":7,"object":[]}}',
                  CREATE),
    "not-object": (b'[]', CREATE),
    "config": (CONFIG + b"\n%%\n" + review("CREATE", FULL), CREATE | OPEN),
    "config-update": (CONFIG + b"\n%%\n" + review("UPDATE", _new, _old), CREATE),
    "config-json": (b'{"rules":{"W7":"error","D3":"off"},"policy":{"maxTags":"x"}}\n%%\n' +
                    review("CREATE", STATUS_DOC), CREATE | WARN),
    "config-bad": (b'rules: {Z9: loud}\n%%\n' + review("CREATE", MIN), CREATE),
}


# --- JSON syntax ------------------------------------------------------------

JSON_SYNTAX = {
    "values": b'[null,true,false,0,-0,1.5e-3,-12E+4,1e999,"",{}]',
    "escapes": b'{"a\\"b":"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\u2028\\ud83d\\ude00\\ud800x\\udc00"}',
    "utf8": '{"k":"caf\u00e9 \u0130 \u212a \U0001F600"}'.encode() + b'{"bad":"\xc3\x28\xed\xa0\x80\xf4\x90"}',
    "nested": b'[[[[[[[[[[{"a":[{"b":{}}]}]]]]]]]]]]',
    "concat": b'{} [] 1 "s"\n\ttrue null{"x":2}',
    "dup-keys": b'{"a":1,"a":{"a":[1,2]},"b":null}',
    "err-trailing-comma": b'{"a":1,}',
    "err-bad-escape": b'"\\x41"',
    "err-control": b'"a\x01b"',
    "err-number": b'[01, 1., .5, -, 1e]',
    "err-bom": b'\xef\xbb\xbf{}',
    "err-deep": b'[' * 300,
    "err-truncated": b'{"a":"b',
    "err-literal": b'[tru, nul, fals]',
}


# --- grammars ---------------------------------------------------------------

PULLSPECS = [
    "foo", "foo:tag", SHA, "foo@" + SHA, "bar/foo:tag", "bar:5000/foo/baz@" + SHA, "localhost/bar",
    "docker.io/library/busybox:1", "docker.io/busybox", "index.docker.io/bar", "quay.io", "quay.io:tag",
    "localhost:5000", "registry:5000/integration/imageStream:success", "abc@badid", "a@md5:" + "0" * 32,
    "a@sha512:" + HEX, "Foo/bar", "\u0130mage", "a__b---c.d_e", "-a/b", "a:1:2/b", "[::1]:5000/x",
    "a:" + "t" * 129, "docker.io/" + "b" * 246 + ":tag", "https://bar:5000/foo", "foo\n",
    "quay.io/demo/app@sha256:ABCDEF" + HEX[6:],
    # allow-list entry, newline, pull spec
    "*.example.com:5000\nregistry.example.com:5000/a/b", "docker.io:*\nbusybox", "l?calhost\nlocalhost/x:1",
    "[::1]:*\n[::1]:5000/a",
]
NAMES = [
    "a", "ruby-33", "Bad_Name", ".", "..", "a/b", "a%b", "a.b-c_d", "a--b", "-a", "a-", "a" * 64, "a" * 63,
    "example.com/MyName", "/x", "a/b/c", "x" * 254 + "/n", "kubernetes.io/" + "n" * 64, "my.name_1",
    "A", "\u00e9", "", "a..b", "9", "a.b.c", "foregroundDeletion",
]


# --- requests, patches, responses (request_fuzzer.cc) -----------------------

# Selector byte (first byte): bits 0-1 entry (0 patch, 1 request, 2 response);
# patch: bits 2-3 type, bit 4 status update; request: bits 2-4 method, bit 5
# the harness's built-in stored object; response: bits 2-4 kind.
P_JSON, P_MERGE, P_SMP, P_STATUS = 0, 1 << 2, 2 << 2, 0x10
GET, POST, PUT, PATCH, DELETE, HEAD = [1 | (i << 2) for i in (0, 1, 2, 3, 4, 7)]
STORED = 0x20
R_DETECT, R_LIST, R_STATUS, R_STREAM, R_WATCH, R_BOGUS = [2 | (i << 2) for i in (0, 1, 2, 3, 4, 6)]
BASE = "/apis/image.openshift.io/v1"
ITEM = BASE + "/namespaces/demo/imagestreams/ruby"
CT_JSON, CT_MERGE, CT_SMP = "application/json-patch+json", "application/merge-patch+json", \
    "application/strategic-merge-patch+json"
_stored = with_rv(stream("ruby", "demo", generation=2, uid="u-1", creationTimestamp="2024-01-01T00:00:00Z",
                         spec={"tags": [docker("latest", "quay.io/x/ruby:3.2", generation=2)]}), "42")
_put = json.loads(json.dumps(_stored))
_put["spec"]["tags"][0]["from"]["name"] = "quay.io/x/ruby:3.3"


def req(method, path, ct="", body=b"", old=None, stored=False):
    rest = path.encode() + b"\n" + ct.encode() + b"\n"
    if old is not None:
        rest += old + b"\n%%\n"
    return bytes([method | (STORED if stored else 0)]) + rest + body


def patch(kind, body, old=None):
    return bytes([kind]) + ((old + b"\n%%\n") if old is not None else b"") + body


PATCHES = {
    "json-add": patch(P_JSON, b'[{"op":"add","path":"/metadata/labels/x","value":"y"}]'),
    "json-ops": patch(P_JSON, b'[{"op":"replace","path":"/spec/tags/1/from/name","value":"quay.io/x/ruby:4"},'
                              b'{"op":"remove","path":"/spec/tags/-1"},{"op":"copy","from":"/metadata/labels",'
                              b'"path":"/metadata/annotations"},{"op":"move","from":"/metadata/annotations/app",'
                              b'"path":"/metadata/labels/b~1c"},{"op":"test","path":"/metadata/name","value":"ruby"}]'),
    "json-test-fails": patch(P_JSON, b'[{"op":"test","path":"/spec/tags/0/name","value":"x"}]'),
    "json-bad": patch(P_JSON, b'[{"op":"frob","path":"/a","valu":1,"op":"add"},{"op":"add","path":"/x/y/01"}]'),
    "json-malformed": patch(P_JSON, b'{"op":"add"}'),
    "json-rv": patch(P_JSON, b'[{"op":"replace","path":"/metadata/resourceVersion","value":"7"}]'),
    "json-status": patch(P_JSON | P_STATUS, b'[{"op":"add","path":"/status/tags/0/items/0/generation","value":3}]'),
    "merge": patch(P_MERGE, b'{"metadata":{"labels":{"app":null,"n":"v"}},"spec":{"tags":[{"name":"t","from":'
                            b'{"kind":"DockerImage","name":"quay.io/a/b:1","x":null}}]}}'),
    "merge-unknown": patch(P_MERGE | WARN, b'{"spec":{"bar":true,"lookupPolicy":{"local":"yes"}}}'),
    "merge-null": patch(P_MERGE, b'null'),
    "merge-list": patch(P_MERGE, b'[1,2]'),
    "merge-dup": patch(P_MERGE, b'{"metadata":{"labels":{"a":"1","a":"2"}}}'),
    "smp-tags": patch(P_SMP, b'{"spec":{"tags":[{"name":"3.1","$patch":"delete"},{"name":"new","from":{"kind":'
                             b'"DockerImage","name":"quay.io/n/n:1"}}],"$setElementOrder/tags":[{"name":"new"},'
                             b'{"name":"latest"}]},"metadata":{"$deleteFromPrimitiveList/finalizers":'
                             b'["example.com/a"],"finalizers":["example.com/b"],"ownerReferences":[{"uid":"o-1","name":"e"}]}}'),
    "smp-replace": patch(P_SMP, b'{"spec":{"tags":[{"$patch":"replace"},{"name":"only","from":{"kind":"ImageStreamTag",'
                                b'"name":"latest"}}]},"metadata":{"labels":{"$patch":"replace","z":"1"}}}'),
    "smp-errors": patch(P_SMP, b'{"spec":{"tags":[{"from":{"name":"x"}}],"$retainKeys":["lookupPolicy"],'
                               b'"lookupPolicy":{"$patch":"frob"}}}'),
    "smp-status": patch(P_SMP | P_STATUS, b'{"status":{"tags":[{"tag":"latest","items":[]},{"tag":"new"}]}}'),
    "smp-lists": patch(P_SMP, b'{"metadata":{"finalizers":[["a"]],"managedFields":[1,"x"]}}'),
    "old-given": patch(P_MERGE, b'{"spec":{"lookupPolicy":{"local":true}}}', j(with_rv(MIN))),
    "old-bad": patch(P_JSON, b'[]', b'{"kind":"ImageStream","metadata":{"generation":"x"}}'),
    "old-yaml": patch(P_SMP, b'{"metadata":{"name":"other"}}', b"apiVersion: image.openshift.io/v1\n"
                      b"kind: ImageStream\nmetadata: {name: a, namespace: b, resourceVersion: '3'}\n"),
}
REQUESTS = {
    "get": req(GET, ITEM, stored=True),
    "get-missing": req(GET, ITEM),
    "get-status": req(GET, ITEM + "/status", old=j(_stored)),
    "list-all": req(GET, BASE + "/imagestreams?limit=5&pretty=true", stored=True),
    "watch-query": req(GET, BASE + "/namespaces/demo/imagestreams?watch=true", stored=True),
    "watch-path": req(GET, BASE + "/watch/namespaces/demo/imagestreams/ruby", stored=True),
    "post": req(POST, BASE + "/namespaces/demo/imagestreams?dryRun=All&fieldValidation=Strict", "application/json",
                j(FULL)),
    "post-options": req(POST, BASE + "/namespaces/demo/imagestreams?dryRun=x&fieldValidation=strict&fieldManager=" +
                        "m" * 130, "", j(MIN)),
    "post-created": req(POST, BASE + "/namespaces/demo/imagestreams", "application/json; charset=utf-8",
                        j(stream("n", None, spec={"tags": [docker("1", "quay.io/a/b:1")]}))),
    "post-ns": req(POST, BASE + "/namespaces/other/imagestreams", "", j(MIN)),
    "post-empty": req(POST, BASE + "/namespaces/demo/imagestreams", "", b" "),
    "post-yaml": req(POST, BASE + "/namespaces/demo/imagestreams", "application/yaml",
                     b"apiVersion: image.openshift.io/v1\nkind: ImageStream\nmetadata: {name: z}\nspec: {x: 1}\n"),
    "post-media": req(POST, BASE + "/namespaces/demo/imagestreams", "text/plain", j(MIN)),
    "put": req(PUT, ITEM, "application/json", j(_put), j(_stored)),
    "put-conflict": req(PUT, ITEM, "", j(with_rv(_put, "7")), j(_stored)),
    "put-rv-syntax": req(PUT, ITEM, "", j(with_rv(_put, "x1")), j(_stored)),
    "put-name": req(PUT, BASE + "/namespaces/demo/imagestreams/python", "", j(_put), j(_stored)),
    "put-status": req(PUT, ITEM + "/status", "", j(_put), j(_stored)),
    "patch-merge": req(PATCH, ITEM + "?fieldValidation=Strict", CT_MERGE, b'{"spec":{"tags":null}}', stored=True),
    "patch-json": req(PATCH, ITEM, CT_JSON, b'[{"op":"add","path":"/metadata/labels/x","value":"y"}]', stored=True),
    "patch-smp": req(PATCH, ITEM + "/status?dryRun=All", CT_SMP, b'{"status":{"tags":[{"tag":"latest","$patch":'
                     b'"delete"}]}}', stored=True),
    "patch-apply": req(PATCH, ITEM, "application/apply-patch+yaml", b"{}", stored=True),
    "patch-no-type": req(PATCH, ITEM, "", b"{}", stored=True),
    "patch-force": req(PATCH, ITEM + "?force=true", CT_MERGE.upper() + "; charset=utf-8", b"{}", stored=True),
    "patch-missing": req(PATCH, ITEM, CT_MERGE, b"{}"),
    "patch-rename": req(PATCH, ITEM, CT_MERGE, b'{"metadata":{"name":"x","namespace":"y"}}', stored=True),
    "delete": req(DELETE, ITEM, "", b'{"kind":"DeleteOptions","propagationPolicy":"Foreground","dryRun":["All"]}',
                  stored=True),
    "delete-options": req(DELETE, ITEM + "?propagationPolicy=Sideways&orphanDependents=true", stored=True),
    "delete-collection": req(DELETE, BASE + "/namespaces/demo/imagestreams", stored=True),
    "delete-finalizers": req(DELETE, BASE + "/namespaces/demo/imagestreams/app", "", b"", j(with_rv(DELETING, "5"))),
    "not-found": req(GET, BASE + "/namespaces/demo/imagestreamtags/ruby:latest"),
    "method": req(HEAD, ITEM, stored=True),
    "method-post-item": req(POST, ITEM, "", j(MIN)),
    "segments": req(GET, BASE + "/namespaces/%2e%2e/imagestreams/a%2Fb", stored=True),
    "dot-name": req(PUT, BASE + "/namespaces/demo/imagestreams/..", "", j(MIN)),
    "old-broken": req(GET, ITEM, "", b"", b"{"),
}
RESPONSES = {
    "status": bytes([R_STATUS]) + b'{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":'
                                  b'"x","reason":"NotFound","details":{"name":"a","causes":[{"reason":"FieldValueInvalid",'
                                  b'"message":"m","field":"spec"}]},"code":404}',
    "status-bad": bytes([R_STATUS]) + b'{"kind":"Status","status":"Maybe","code":200,"reason":"Frob"}',
    "list": bytes([R_LIST]) + j({"kind": "ImageStreamList", "apiVersion": API, "metadata": {"resourceVersion": "9"},
                                 "items": [_stored, MIN, 7]}),
    "watch": bytes([R_WATCH]) + j({"type": "ADDED", "object": _stored}) + b"\n" +
             j({"type": "BOOKMARK", "object": {"kind": "ImageStream", "apiVersion": API,
                                               "metadata": {"resourceVersion": "50"}}}) + b"\n" +
             j({"type": "ERROR", "object": {"kind": "Status", "apiVersion": "v1", "status": "Failure", "code": 410}}) +
             b"\n" + b'{"type":"FROB"}\n{',
    "stream": bytes([R_STREAM]) + j(_stored),
    "detect-watch": bytes([R_DETECT]) + j({"type": "MODIFIED", "object": FULL}) + b"\n",
    "detect-list": bytes([R_DETECT]) + sample("list.json"),
    "bogus": bytes([R_BOGUS]) + b"[]",
}


# --- writing ----------------------------------------------------------------

def write(target, name, data, opt=None):
    d = os.path.join(HERE, "corpus", target)
    os.makedirs(d, exist_ok=True)
    if opt is not None:
        data = data + bytes([opt])
    with open(os.path.join(d, "seed-" + name), "wb") as f:
        f.write(data)


def clean():
    for p in glob.glob(os.path.join(HERE, "corpus", "*", "seed-*")):
        os.remove(p)


def main():
    clean()
    docs = {**{k: j(v) for k, v in VALID_DOCS.items()}, **{k: j(v) for k, v in INVALID_DOCS.items()},
            "template": j(TEMPLATE), "list": j(LIST), "sample-nodejs": sample("nodejs.json"),
            "sample-list": sample("list.json")}
    for i, d in enumerate(DECODE_ERRORS):
        docs["decode-%d" % i] = d
    for i, d in enumerate(GVK):
        docs["gvk-%d" % i] = d
    opts_cycle = [CREATE, UPDATE | ENV, STATUS | WARN, CREATE | IGNORE | OPEN | NS, CREATE | ENV | WARN,
                  UPDATE | NORC | IGNORE]

    # validate_json: every document, options varied.
    for i, (k, d) in enumerate(sorted(docs.items())):
        write("validate_json", k, d, opts_cycle[i % len(opts_cycle)])
    for i, d in enumerate(SYNTAX):
        write("validate_json", "syntax-%d" % i, d, CREATE)
    write("validate_json", "resolve-env", docs["resolve"], CREATE | ENV)
    write("validate_json", "resolve-open", docs["resolve"], CREATE | OPEN)

    # yaml_stream: YAML streams, the YAML samples, two JSON inputs (AUTO).
    for i, (k, d) in enumerate(sorted(YAML.items())):
        write("yaml_stream", k, d, opts_cycle[i % len(opts_cycle)])
    write("yaml_stream", "sample-ruby", sample("ruby.yaml"), CREATE)
    write("yaml_stream", "sample-broken", sample("broken.yaml"), CREATE | ENV)
    write("yaml_stream", "sample-list", sample("list.json"), CREATE)
    write("yaml_stream", "json-full", docs["full"], UPDATE)

    # update_pair
    for k, (d, o) in PAIRS.items():
        write("update_pair", k, d, o)

    # environment (no options byte)
    for k, d in ENVIRONMENTS.items():
        write("environment", k, d)

    # determinism: a spread of documents and options.
    for k in ["full", "status", "bad-meta", "bad-spec", "decode-0", "decode-3", "gvk-5", "template", "sample-list",
              "resolve"]:
        write("determinism", k, docs[k], UPDATE | ENV if k in ("status", "resolve") else CREATE)
    write("determinism", "yaml-anchors", YAML["anchors"], CREATE | WARN)
    write("determinism", "status-update", docs["status"], STATUS | NS)

    # normalize_idempotence: documents a create accepts.
    for k in ["min", "full", "generate", "sample-nodejs"]:
        write("normalize_idempotence", k, docs[k], CREATE)
    write("normalize_idempotence", "status", docs["status"], CREATE | WARN)
    write("normalize_idempotence", "resolve-env", docs["resolve"], CREATE | ENV)
    write("normalize_idempotence", "resolve-open", docs["resolve"], CREATE | OPEN | NS)
    write("normalize_idempotence", "no-namespace", j(stream("a", None, spec={"tags": [ist("x", "y:z")]})),
          CREATE | NS | OPEN)

    # engine_diff: decoding-heavy documents plus valid ones, every mode.
    for i, k in enumerate(["min", "full", "status", "bad-meta", "list", "template", "gvk-1", "gvk-5"] +
                          ["decode-%d" % n for n in range(len(DECODE_ERRORS))]):
        write("engine_diff", k, docs[k], [CREATE, UPDATE, STATUS, CREATE | WARN, CREATE | IGNORE][i % 5])
    # int64 bounds in int64 fields: the last values that decode and the first that do not.
    write("engine_diff", "int64-bounds",
          b'{"apiVersion":"image.openshift.io/v1","kind":"ImageStream","metadata":{"name":"a","namespace":"b",'
          b'"generation":9223372036854775807},"spec":{"tags":[{"name":"t","generation":-9223372036854775808}]}}',
          CREATE)
    write("engine_diff", "int64-past-bounds",
          b'{"apiVersion":"image.openshift.io/v1","kind":"ImageStream","metadata":{"name":"a","namespace":"b",'
          b'"generation":9223372036854775808},"spec":{"tags":[{"name":"t","generation":-9223372036854775809}]}}',
          CREATE)

    # json_yaml: documents without floats, big numbers or duplicate keys.
    for k in ["min", "full", "status", "bad-meta", "bad-spec", "generate", "resolve", "sample-nodejs", "decode-1",
              "decode-4", "gvk-0"]:
        write("json_yaml", k, docs[k], CREATE)
    write("json_yaml", "status-update", docs["status"], STATUS | WARN)
    write("json_yaml", "unknown-fields",
          b'{"apiVersion":"image.openshift.io/v1","kind":"ImageStream","metadata":{"name":"a","namespace":"b",'
          b'"zz":1,"aa":2},"spec":{"x":{},"tags":[{"name":"t","y":[]}]}}', CREATE | WARN)
    write("json_yaml", "escapes",
          '{"apiVersion":"image.openshift.io/v1","kind":"ImageStream","metadata":{"name":"a","namespace":"b",'
          '"annotations":{"k\\"\\\\":"\\u0000\\t\u00e9\U0001F600","a/b":""}}}'.encode(), CREATE)

    # admission_review
    for k, (d, o) in REVIEWS.items():
        write("admission_review", k, d, o)

    # json_parse
    for k, d in JSON_SYNTAX.items():
        write("json_parse", k, d)
    write("json_parse", "doc-full", docs["full"])

    # grammars
    for i, s in enumerate(PULLSPECS):
        write("pullspec", "%02d" % i, s.encode())
    for i, s in enumerate(NAMES):
        write("names", "%02d" % i, s.encode())

    # request: patches, whole requests, response bodies.
    for i, (k, d) in enumerate(PATCHES.items()):
        write("request", "patch-" + k, d, [CREATE, WARN, IGNORE, CREATE | ENV][i % 4])
    for i, (k, d) in enumerate(REQUESTS.items()):
        write("request", "request-" + k, d, [CREATE, OPEN | NS, CREATE, ENV][i % 4])
    for k, d in RESPONSES.items():
        write("request", "response-" + k, d, CREATE)

    write_dicts()


# --- dictionaries -----------------------------------------------------------

def schema_words():
    words = set()
    for p in glob.glob(os.path.join(ROOT, "schemas", "*.json")):
        with open(p) as f:
            s = json.load(f)

        def walk(n):
            if isinstance(n, dict):
                for k, v in n.get("properties", {}).items():
                    words.add(k)
                    walk(v)
                for v in n.values():
                    walk(v)
                for e in n.get("enum", []):
                    if isinstance(e, str):
                        words.add(e)
            elif isinstance(n, list):
                for v in n:
                    walk(v)
        walk(s)
    return sorted(words)


JSON_TOKENS = ['{', '}', '[', ']', ':', ',', '"', 'true', 'false', 'null', '-0', '1e999', '0.5', '-1',
               '9223372036854775807', '9223372036854775808', '-9223372036854775808', '-9223372036854775809',
               '"\\u0000"', '"\\ud800"', '"\\ud83d\\ude00"', '"\\u2028"', '"\\n"', '"\\\\"',
               '\\xef\\xbb\\xbf', '\\xff', '\\xc3\\xa9']
VALUES = [API, "v1", "ImageStream", "ImageStreamList", "List", "Template", "template.openshift.io/v1", "items",
          "objects", "DockerImage", "ImageStreamTag", "ImageStreamImage", "Source", "Local", "Legacy",
          "PreserveOriginal", "ImportSuccess", "True", "False", "orphan", "foregroundDeletion", "kubernetes.io/",
          "openshift.io/", "${PARAM}", "${{PARAM}}", "2024-01-02T03:04:05Z", "2024-01-02T03:04:05.123+01:00",
          "demo", "base", "base:latest", "tools:latest", "fuzz"]
REGISTRY = ["sha256:", "sha384:", "sha512:", "@sha256:", "@", ":5000/", ":443", "/", ":", "localhost",
            "localhost:5000/", "docker.io/", "index.docker.io", "registry-1.docker.io", "quay.io/",
            "library/", "registry.example.com:5000/", "image-registry.openshift-image-registry.svc:5000/", HEX,
            HEX[:32], "__", "--", "._", "*", "?", "[::1]", "\\xc4\\xb0", "\\xe2\\x84\\xaa"]
YAML_TOKENS = ["---", "...", "- ", ": ", "\\x0a", "\\x0a  ", "&a ", "*a", "<<: ", "!!str ", "!!int ", "!!binary ", "|",
               ">-", "'", "#", "? ", "~", "yes", "no", "on", "off", "Y", "0x1F", "0o17", "017", "1_000", ".inf",
               ".nan", "2001-12-14t21:59:43.10-05:00", "{", "[", "%YAML 1.1", "\\x09"]


def dict_lines(tokens):
    seen, out = set(), []
    for t in tokens:
        if not t or t in seen:  # libFuzzer refuses empty entries
            continue
        seen.add(t)
        # Tokens already written with \xNN escapes are kept as they are.
        if '\\x' in t:
            out.append('"%s"' % t.replace('"', '\\"'))
        else:
            out.append('"%s"' % t.replace('\\', '\\\\').replace('"', '\\"'))
    return out


def write_dict(target, sections):
    lines = ["# libFuzzer dictionary of %s_fuzzer, written by fuzz/make_seeds.py." % target]
    for title, tokens in sections:
        lines.append("")
        lines.append("# " + title)
        lines.extend(dict_lines(tokens))
    with open(os.path.join(HERE, target + "_fuzzer.dict"), "w") as f:
        f.write("\n".join(lines) + "\n")


def write_dicts():
    fields = schema_words()
    quoted = ['"%s"' % w for w in fields] + ['"%s":' % w for w in fields]
    doc = [("JSON tokens", JSON_TOKENS), ("ImageStream schema field names and enum values", quoted + fields),
           ("kinds, versions, enum and other values", VALUES), ("registry and digest fragments", REGISTRY)]
    for t in ["validate_json", "determinism", "normalize_idempotence", "engine_diff", "json_yaml"]:
        write_dict(t, doc)
    write_dict("yaml_stream", [("YAML tokens", YAML_TOKENS)] + doc[1:] + [("JSON tokens", JSON_TOKENS)])
    write_dict("update_pair", [("old/new separator", ["\\x0a%%\\x0a"])] + doc + [("YAML tokens", YAML_TOKENS)])
    write_dict("environment", [
        ("environment keys", ["allowedRegistriesForImport", "domainName", "insecure", "internalRegistryHostname",
                              "externalRegistryHostname", "defaultImportMode", "imageStreams"]),
        ("values", ["Legacy", "PreserveOriginal", "*", "?", ":*", "*.", ":5000", "[::1]"]),
        ("JSON tokens", JSON_TOKENS), ("YAML tokens", YAML_TOKENS),
        ("ImageStream schema field names", fields), ("registry and digest fragments", REGISTRY)])
    write_dict("admission_review", [("old/new separator", ["\\x0a%%\\x0a"]),
                                     ("AdmissionReview", ["admission.k8s.io/v1", "admission.k8s.io/v1beta1",
                                                          "AdmissionReview", "request", "response", "uid", "kind",
                                                          "resource", "subResource", "status", "operation", "CREATE",
                                                          "UPDATE", "DELETE", "CONNECT", "object", "oldObject",
                                                          "namespace", "imagestreams", "image.openshift.io",
                                                          "group", "version", "dryRun", "userInfo"]),
                                     ("configuration", ["rules", "policy", "error", "warning", "off",
                                                        "allowedRegistries", "requireLocalReferencePolicy",
                                                        "forbidInsecureImport", "requireDigest", "maxTags",
                                                        "requiredTagAnnotations", "W2", "S4", "M3", "P1", "P6"])]
               + doc + [("YAML tokens", YAML_TOKENS)])
    write_dict("request", [("separators", ["\\x0a", "\\x0a%%\\x0a", "?", "&", "=", "%2F", "%"]),
                           ("paths and query parameters",
                            ["/apis/image.openshift.io/v1", "/namespaces/", "/imagestreams", "/watch", "/status",
                             "/demo", "/ruby", "dryRun", "All", "fieldValidation", "Strict", "Warn", "Ignore",
                             "fieldManager", "force", "propagationPolicy", "Foreground", "Background", "Orphan",
                             "orphanDependents", "watch", "true", "limit", "pretty"]),
                           ("media types", ["application/json", "application/yaml", "application/json-patch+json",
                                            "application/merge-patch+json", "application/strategic-merge-patch+json",
                                            "application/apply-patch+yaml", "; charset=utf-8"]),
                           ("JSON Patch", ['"op"', '"path"', '"from"', '"value"', '"add"', '"remove"', '"replace"',
                                           '"move"', '"copy"', '"test"', "/spec/tags/", "/metadata/labels/",
                                           "/status/tags/", "/-", "/-1", "~0", "~1"]),
                           ("strategic merge patch directives",
                            ['"$patch"', '"delete"', '"replace"', '"merge"', "$setElementOrder/", "$retainKeys",
                             "$deleteFromPrimitiveList/", "finalizers", "ownerReferences", "managedFields"]),
                           ("responses", ["Status", "Success", "Failure", "NotFound", "Conflict", "Invalid",
                                          "ADDED", "MODIFIED", "DELETED", "BOOKMARK", "ERROR", "type", "object",
                                          "code", "reason", "details", "causes", "continue",
                                          "remainingItemCount"])] + doc)
    write_dict("json_parse", [("JSON tokens", JSON_TOKENS + ['\\u', '\\"', 'e+', 'E-', '.', '\\x00', ' ', '\\x09',
                                                             '\\x0d\\x0a'])])
    write_dict("pullspec", [("registry and digest fragments", REGISTRY + ["https://", "\\x0a", "Quay.IO", "_", "."])])
    write_dict("names", [("name fragments", ["/", ".", "..", "%", "-", "_", "a", "A", "0", "example.com/",
                                             "kubernetes.io/", "openshift.io/", "a" * 63, "a" * 64])])


if __name__ == "__main__":
    main()
