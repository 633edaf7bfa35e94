#!/usr/bin/env python3
"""End-to-end tests of the isconform command line.

Usage: cli_test.py ISCONFORM SOURCE_ROOT
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

ISCONFORM = None
ROOT = None

VALID = {
    "apiVersion": "image.openshift.io/v1",
    "kind": "ImageStream",
    "metadata": {"name": "ruby", "namespace": "ns"},
    "spec": {"tags": [{"name": "latest", "from": {"kind": "DockerImage", "name": "quay.io/ruby:3"}}]},
}


def run(*args, stdin=None):
    p = subprocess.run([ISCONFORM, *args], input=stdin, capture_output=True, timeout=120)
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


class Cli(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp()

    def tearDown(self):
        shutil.rmtree(self.dir)

    def write(self, name, content):
        path = os.path.join(self.dir, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        if not isinstance(content, (str, bytes)):
            content = json.dumps(content, indent=2)
        with open(path, "wb" if isinstance(content, bytes) else "w") as f:
            f.write(content)
        return path

    def test_version_and_help(self):
        rc, out, _ = run("--version")
        self.assertEqual(rc, 0)
        self.assertRegex(out, r"^isconform \d+\.\d+\.\d+\n$")
        rc, out, _ = run("--help")
        self.assertEqual(rc, 0)
        self.assertIn("check PATH", out)
        rc, out, _ = run("check", "--help")
        self.assertEqual(rc, 0)
        for opt in ("--operation", "--old", "--field-validation", "--format", "--environment", "--closed-world"):
            self.assertIn(opt, out)
        rc, _, err = run("frobnicate")
        self.assertEqual(rc, 2)
        self.assertIn("unknown command", err)

    def test_usage_errors_exit_2(self):
        self.assertEqual(run("check")[0], 2)
        self.assertEqual(run("check", "--format", "xml", "x.json")[0], 2)
        self.assertEqual(run("check", "--field-validation", "Maybe", "x.json")[0], 2)
        self.assertEqual(run("check", "--operation", "update", "x.json")[0], 2)  # needs --old
        rc, _, err = run("check", os.path.join(self.dir, "missing.json"))
        self.assertEqual(rc, 2)
        self.assertIn("missing.json", err)

    def test_valid_file_exits_0(self):
        path = self.write("ok.json", VALID)
        rc, out, err = run("check", path)
        self.assertEqual((rc, out, err), (0, "", ""))

    def test_invalid_file_text_format(self):
        bad = json.loads(json.dumps(VALID))
        bad["spec"]["tags"][0]["from"]["kind"] = "Docker"
        path = self.write("bad.json", bad)
        rc, out, _ = run("check", "--no-color", path)
        self.assertEqual(rc, 1)
        # file:line:col: error: message [rule]; the kind's value is on line 13, column 19.
        self.assertIn(
            path + ":13:19: error: spec.tags[latest].from.kind: Required value: valid values are "
            "'DockerImage', 'ImageStreamImage', 'ImageStreamTag' [S3]", out.splitlines())

    def test_duplicate_tag_names_w1(self):
        # Short lists are compared pairwise, long ones by sorting indexes;
        # both report each repeated name once, in name order, with the count
        # and the index of the entry the server keeps.
        def stream(names):
            return {"apiVersion": "image.openshift.io/v1", "kind": "ImageStream",
                    "metadata": {"name": "app", "namespace": "demo"},
                    "spec": {"tags": [{"name": n, "from": {"kind": "DockerImage", "name": "busybox"}} for n in names]}}

        def w1(names):
            rc, out, _ = run("check", "--format", "json", self.write("w1.json", stream(names)))
            self.assertEqual(rc, 0)
            return [(f["field"], f["message"]) for f in json.loads(out)["results"][0]["findings"] if f["rule"] == "W1"]

        def msg(name, times, last):
            return ("spec.tags[%s]" % name,
                    "spec.tags[%s]: tag name \"%s\" appears %d times in spec.tags; the API server keeps only the last "
                    "entry (spec.tags[%d]) and drops the others" % (name, name, times, last))

        self.assertEqual(w1(["a", "b", "c"]), [])
        self.assertEqual(w1(["c", "b", "a"]), [])
        self.assertEqual(w1(["a", "a"]), [msg("a", 2, 1)])
        self.assertEqual(w1(["b", "a", "b"]), [msg("b", 2, 2)])
        long_names = ["t%d" % i for i in range(20)] + ["t7", "t5", "t7"] + ["u%d" % i for i in range(20)]
        self.assertEqual(w1(long_names), [msg("t5", 2, 21), msg("t7", 3, 22)])
        self.assertEqual(w1(["t%d" % i for i in range(40)]), [])

    def test_json_format_shape(self):
        bad = json.loads(json.dumps(VALID))
        del bad["spec"]["tags"][0]["from"]["kind"]
        path = self.write("a.json", bad)
        rc, out, _ = run("check", "--format", "json", path)
        self.assertEqual(rc, 1)
        doc = json.loads(out)
        self.assertEqual(set(doc), {"results", "summary"})
        r = doc["results"][0]
        for key in ("file", "document", "object", "apiVersion", "kind", "namespace", "name", "valid", "findings"):
            self.assertIn(key, r)
        self.assertEqual((r["file"], r["document"], r["object"], r["kind"], r["namespace"], r["name"], r["valid"]),
                         (path, 0, "", "ImageStream", "ns", "ruby", False))
        f = [x for x in r["findings"] if x["rule"] == "S3"][0]
        self.assertEqual(f, {"severity": "error", "field": "spec.tags[latest].from.kind", "type": "Required",
                             "message": "spec.tags[latest].from.kind: Required value: valid values are "
                                        "'DockerImage', 'ImageStreamImage', 'ImageStreamTag'",
                             "rule": "S3", "line": 12, "column": 17})  # the enclosing "from" object
        s = doc["summary"]
        self.assertEqual((s["files"], s["documents"], s["valid"], s["invalid"]), (1, 1, 0, 1))
        self.assertEqual(s["errors"], sum(1 for x in r["findings"] if x["severity"] == "error"))

    def test_normalized(self):
        path = self.write("ok.json", VALID)
        rc, out, _ = run("check", "--format", "json", "--normalized", path)
        self.assertEqual(rc, 0)
        n = json.loads(out)["results"][0]["normalized"]
        self.assertEqual(n["metadata"]["generation"], 1)
        tag = n["spec"]["tags"][0]
        self.assertEqual((tag["generation"], tag["referencePolicy"], tag["importPolicy"]),
                         (1, {"type": "Source"}, {"importMode": "Legacy"}))
        self.assertEqual(n["status"], {"dockerImageRepository": ""})

    def test_status_repository_written_without_tag(self):
        # N9: the v1 conversion writes spec and status dockerImageRepository
        # without a tag or ID (conversion.go); the status strategy keeps the
        # client's status value, so a status update shows it.
        old = self.write("old.yaml", "apiVersion: image.openshift.io/v1\nkind: ImageStream\n"
                         "metadata: {name: app, namespace: ns, generation: 1, resourceVersion: \"10\", uid: u1}\n"
                         "spec: {}\n")
        new = self.write("new.yaml", "apiVersion: image.openshift.io/v1\nkind: ImageStream\n"
                         "metadata: {name: app, namespace: ns, resourceVersion: \"10\"}\nspec: {}\n"
                         "status:\n  dockerImageRepository: \"quay.io/x/y:tag\"\n")
        rc, out, err = run("check", "--operation", "status-update", "--old", old, "--format", "json", "--normalized",
                           new)
        self.assertEqual(rc, 0, out + err)
        self.assertEqual(json.loads(out)["results"][0]["normalized"]["status"], {"dockerImageRepository": "quay.io/x/y"})
        # A stored legacy object read back: spec and status both lose the tag.
        stored = self.write("stored.yaml", "apiVersion: image.openshift.io/v1\nkind: ImageStream\n"
                            "metadata: {name: app, namespace: ns, generation: 3, resourceVersion: \"10\", uid: u1}\n"
                            "spec:\n  dockerImageRepository: \"quay.io/a/b:v1\"\n"
                            "status:\n  dockerImageRepository: \"quay.io/a/b@sha256:" + "0" * 64 + "\"\n")
        env = self.write("env.json", "{}")
        rc, out, err = run("request", "GET", "/apis/image.openshift.io/v1/namespaces/ns/imagestreams/app", "--old",
                           stored, "--environment", env)
        self.assertEqual(rc, 0, out + err)
        body = json.loads(out[out.index("{"):])
        self.assertEqual(body["spec"]["dockerImageRepository"], "quay.io/a/b")
        self.assertEqual(body["status"], {"dockerImageRepository": "quay.io/a/b"})
        # A GET of the object goes through the store's decorator: both status
        # repositories come from the environment; GET .../status has none.
        env = self.write("env2.json", json.dumps({"internalRegistryHostname": "image-registry.svc:5000",
                                                  "externalRegistryHostname": "registry.example.com"}))
        rc, out, err = run("request", "GET", "/apis/image.openshift.io/v1/namespaces/ns/imagestreams/app", "--old",
                           stored, "--environment", env)
        self.assertEqual(rc, 0, out + err)
        self.assertEqual(json.loads(out[out.index("{"):])["status"],
                         {"dockerImageRepository": "image-registry.svc:5000/ns/app",
                          "publicDockerImageRepository": "registry.example.com/ns/app"})
        rc, out, err = run("request", "GET", "/apis/image.openshift.io/v1/namespaces/ns/imagestreams", "--old",
                           stored, "--environment", env)
        self.assertEqual(rc, 0, out + err)
        self.assertEqual(json.loads(out[out.index("{"):])["items"][0]["status"],
                         {"dockerImageRepository": "image-registry.svc:5000/ns/app",
                          "publicDockerImageRepository": "registry.example.com/ns/app"})
        rc, out, err = run("request", "GET", "/apis/image.openshift.io/v1/namespaces/ns/imagestreams/app/status",
                           "--old", stored, "--environment", env)
        self.assertEqual(rc, 0, out + err)
        self.assertEqual(json.loads(out[out.index("{"):])["status"], {"dockerImageRepository": "quay.io/a/b"})

    def test_stdin(self):
        rc, out, _ = run("check", "--format", "json", "-", stdin=json.dumps(VALID).encode())
        self.assertEqual(rc, 0)
        self.assertEqual(json.loads(out)["results"][0]["file"], "<stdin>")

    def test_field_validation_modes(self):
        doc = json.loads(json.dumps(VALID))
        doc["metadata"]["Labels"] = {"a": "b"}
        path = self.write("u.json", doc)
        rc, out, _ = run("check", "--no-color", path)
        self.assertEqual(rc, 1)
        self.assertIn('error: unknown field "metadata.Labels" [D3]', out)
        rc, out, _ = run("check", "--no-color", "--field-validation", "Warn", path)
        self.assertEqual(rc, 0)
        self.assertIn('warning: unknown field "metadata.Labels" [D3]', out)
        rc, out, _ = run("check", "--field-validation=ignore", path)
        self.assertEqual((rc, out), (0, ""))

    def test_syntax_error_position(self):
        path = self.write("s.json", '{\n  "kind": "ImageStream",\n  "x": [1,,2]\n}\n')
        rc, out, _ = run("check", "--no-color", path)
        self.assertEqual(rc, 1)
        self.assertEqual(out.splitlines()[0],
                         path + ":3:11: error: invalid character ',' looking for beginning of value [D1]")

    def test_directory_recursion_order_and_exclude(self):
        bad = json.loads(json.dumps(VALID))
        bad["metadata"]["name"] = "Bad"
        for i in range(12):
            self.write("tree/sub%02d/is.json" % i, bad if i % 3 == 0 else VALID)
        self.write("tree/notes.txt", "not a manifest")
        self.write("tree/skip/is.json", bad)
        rc1, out1, _ = run("check", "--format", "json", "-j", "1", "--exclude", "skip", os.path.join(self.dir, "tree"))
        rc4, out4, _ = run("check", "--format", "json", "-j", "4", "--exclude", "skip", os.path.join(self.dir, "tree"))
        self.assertEqual((rc1, rc4), (1, 1))
        self.assertEqual(out1, out4)  # input order whatever -j
        files = [r["file"] for r in json.loads(out1)["results"]]
        self.assertEqual(files, sorted(files))
        self.assertEqual(len(files), 12)
        self.assertFalse(any("/skip/" in f for f in files))

    def test_open_world_resolves_across_files(self):
        base = {"apiVersion": "image.openshift.io/v1", "kind": "ImageStream",
                "metadata": {"name": "base", "namespace": "ns"}}
        child = json.loads(json.dumps(VALID))
        child["spec"]["tags"][0]["from"] = {"kind": "ImageStreamTag", "name": "base:latest"}
        a = self.write("a.json", child)
        rc, out, _ = run("check", "--format", "json", a)
        self.assertEqual(rc, 0)
        rules = [f["rule"] for f in json.loads(out)["results"][0]["findings"]]
        self.assertEqual(rules, ["W6"])  # cannot be resolved offline
        b = self.write("b.json", base)
        rc, out, _ = run("check", "--format", "json", a, b)
        self.assertEqual(rc, 0)
        self.assertEqual(json.loads(out)["results"][0]["findings"], [])
        rc, out, _ = run("check", "--closed-world", "--format", "json", a, b)
        self.assertEqual(rc, 1)
        msgs = [f["message"] for f in json.loads(out)["results"][0]["findings"]]
        self.assertEqual(msgs, ['[]: Internal error: imagestreams "ruby" is invalid: '
                                'spec.tags[latest].from.name: Not found: "base:latest"'])

    def test_environment(self):
        env = self.write("env.json", {"allowedRegistriesForImport": [{"domainName": "registry.example.com"}]})
        path = self.write("ok.json", VALID)
        rc, out, _ = run("check", "--no-color", "--environment", env, path)
        self.assertEqual(rc, 1)
        self.assertIn('spec.tags[latest].from.name: Forbidden: registry "quay.io" not allowed by whitelist: '
                      '"registry.example.com:443"', out)
        badenv = self.write("bad-env.json", {"allowedRegistries": []})
        rc, _, err = run("check", "--environment", badenv, path)
        self.assertEqual(rc, 2)
        self.assertIn("unknown key", err)

    def test_update_requires_resource_version(self):
        old = json.loads(json.dumps(VALID))
        old["metadata"]["resourceVersion"] = "7"
        old_path = self.write("old.json", old)
        new_path = self.write("new.json", VALID)
        rc, out, _ = run("check", "--no-color", "--operation", "update", "--old", old_path, new_path)
        self.assertEqual(rc, 1)
        self.assertIn("metadata.resourceVersion: Invalid value: 0: must be specified for an update", out)

    def test_update_compares_timestamps_as_instants(self):
        # rest.BeforeUpdate copies the stored creation/deletion timestamp only
        # when it is not the zero time; ValidateImmutableField then compares
        # metav1.Time by instant (a.UTC() == b.UTC()) and renders the new value
        # with metav1.Time.MarshalJSON: UTC, whole seconds, zero time = null.
        def stream(**meta):
            doc = json.loads(json.dumps(VALID))
            doc["metadata"]["resourceVersion"] = "7"
            doc["metadata"].update(meta)
            return doc

        def findings(op, old, new):
            old_path = self.write("old.json", old)
            new_path = self.write("new.json", new)
            rc, out, _ = run("check", "--format", "json", "--operation", op, "--old", old_path, new_path)
            f = json.loads(out)["results"][0]["findings"]
            errs = [(x["field"], x["type"], x["message"], x["rule"]) for x in f if x["severity"] == "error"]
            self.assertEqual(rc, 1 if errs else 0, out)
            return errs

        def immutable(field, value):
            return [(field, "Invalid", field + ": Invalid value: " + value + ": field is immutable", "M12")]

        zero = "0001-01-01T00:00:00Z"
        later = "2024-01-01T01:00:00.5+01:00"
        for op in ("update", "status-update"):
            with self.subTest(op=op):
                # Absent, null and the zero time are the same value.
                self.assertEqual(findings(op, stream(), stream(creationTimestamp=zero)), [])
                self.assertEqual(findings(op, stream(creationTimestamp=None), stream(creationTimestamp=zero)), [])
                self.assertEqual(findings(op, stream(creationTimestamp=zero), stream()), [])
                # The same instant written another way is the same value.
                self.assertEqual(findings(op, stream(creationTimestamp="2024-01-01T00:00:00.5Z"),
                                          stream(creationTimestamp=later)), [])
                # A stored zero time is not copied, so a new value differs from it.
                want = immutable("metadata.creationTimestamp", '"2024-01-01T00:00:00Z"')
                self.assertEqual(findings(op, stream(creationTimestamp=zero), stream(creationTimestamp=later)), want)
                self.assertEqual(findings(op, stream(), stream(creationTimestamp=later)), want)
                # Nanoseconds count: .5 s after the zero time is not zero (rendered at whole seconds).
                self.assertEqual(findings(op, stream(), stream(creationTimestamp="0001-01-01T00:00:00.5Z")),
                                 immutable("metadata.creationTimestamp", '"0001-01-01T00:00:00Z"'))
                # A stored non-zero time is copied over whatever was sent.
                self.assertEqual(findings(op, stream(creationTimestamp=later), stream()), [])
                # deletionTimestamp is a pointer: nil (absent or null) is not a zero time.
                self.assertEqual(findings(op, stream(), stream(deletionTimestamp=zero)),
                                 immutable("metadata.deletionTimestamp", "null"))
                self.assertEqual(findings(op, stream(deletionTimestamp=zero), stream(deletionTimestamp=None)),
                                 immutable("metadata.deletionTimestamp", "null"))
                self.assertEqual(findings(op, stream(deletionTimestamp=zero),
                                          stream(deletionTimestamp="0001-01-01T01:00:00+01:00")), [])
                self.assertEqual(findings(op, stream(deletionTimestamp=None), stream()), [])
                self.assertEqual(findings(op, stream(), stream(deletionTimestamp=later)),
                                 immutable("metadata.deletionTimestamp", '"2024-01-01T00:00:00Z"'))

    def test_create_with_resource_version_is_refused_by_storage(self):
        doc = json.loads(json.dumps(VALID))
        doc["metadata"]["resourceVersion"] = "42"
        path = self.write("rv.json", doc)
        rc, out, _ = run("check", "--no-color", "--format", "json", path)
        self.assertEqual(rc, 1)
        f = json.loads(out)["results"][0]["findings"]
        self.assertEqual([(x["field"], x["type"], x["message"], x["rule"]) for x in f if x["severity"] == "error"],
                         [("metadata.resourceVersion", "StorageError",
                           "resourceVersion should not be set on objects to be created", "R1")])
        rc, out, _ = run("check", "--no-color", "--no-request-checks", path)
        self.assertEqual(rc, 0, out)

    def test_kinds_and_lists_that_oc_refuses_are_errors(self):
        # Documents oc refuses or the server rejects are errors, not skipped
        # objects (decoding-rules 4.3, 4.2, 5.1); the summary counts only
        # ImageStreams as valid.
        cases = [
            ("kind-number.json",
             '{"apiVersion":"image.openshift.io/v1","kind":5,"metadata":{"name":"a","namespace":"d"}}',
             1, ["kind-number.json:1:46: error: kind isn't string type [K1]"],
             "1 files, 0 ImageStreams: 0 valid, 1 invalid; 1 errors, 0 warnings"),
            ("kind-lower.json",
             '{"apiVersion":"image.openshift.io/v1","kind":"imagestream","metadata":{"name":"a","namespace":"d"}}',
             1, ['kind-lower.json:1:46: error: no kind "imagestream" is registered for version '
                 '"image.openshift.io/v1": isconform validates kind ImageStream of image.openshift.io/v1 [K2]'],
             "1 files, 0 ImageStreams: 0 valid, 1 invalid; 1 errors, 0 warnings"),
            ("kind-key.json",
             '{"apiVersion":"image.openshift.io/v1","Kind":"ImageStream","metadata":{"name":"a","namespace":"d"}}',
             1, ["kind-key.json:1:1: error: kind not set [K1]",
                 'kind-key.json:1:39: warning: kind not set: the document has "Kind" (field names are '
                 'case-sensitive), so oc refuses it [K5]'],
             "1 files, 0 ImageStreams: 0 valid, 1 invalid; 1 errors, 1 warnings"),
            ("untyped-item.yaml",
             "apiVersion: v1\nkind: List\nitems:\n- metadata: {name: a, namespace: d}\n"
             "- apiVersion: image.openshift.io/v1\n  kind: ImageStream\n  metadata: {name: b, namespace: d}\n",
             1, ["untyped-item.yaml:4:3: error: apiVersion not set [K1]",
                 "untyped-item.yaml:4:3: error: kind not set [K1]"],
             "1 files, 1 ImageStreams: 1 valid, 1 invalid; 2 errors, 0 warnings"),
            # kind ImageStream with items is a list: the items inherit the kind.
            ("stream-with-items.yaml",
             "apiVersion: image.openshift.io/v1\nkind: ImageStream\nmetadata: {name: Bad_Name, namespace: d}\n"
             "items:\n- metadata: {name: Good_Name, namespace: d}\n",
             1, ["untyped"], None),
            ("not-kubernetes.json", '{"apiVersion":"image.openshift.io/v1","metadata":{"name":"a"}}',
             0, ["not-kubernetes.json:1:1: warning: kind not set: the document is not a Kubernetes object that oc "
                 "could create; skipped [K5]"],
             "1 files, 0 ImageStreams: 0 valid, 0 invalid; 0 errors, 1 warnings"),
            # Items whose kind and apiVersion are "" inherit them too (GetKind is
            # empty); an item with only an empty kind is refused.
            ("empty-kind-items.json",
             '{"kind":"ImageStreamList","apiVersion":"image.openshift.io/v1","items":['
             '{"kind":"","apiVersion":"","metadata":{"name":"c","namespace":"ns"}},'
             '{"kind":"","apiVersion":"image.openshift.io/v1","metadata":{"name":"d","namespace":"ns"}}]}',
             1, ['empty-kind-items.json:1:150: error: no kind "" is registered for version "image.openshift.io/v1": '
                 'isconform validates kind ImageStream of image.openshift.io/v1 [K2]'],
             "1 files, 1 ImageStreams: 1 valid, 1 invalid; 1 errors, 0 warnings"),
            # A configuration file with an items key holds no Kubernetes objects.
            ("config.yaml", "items:\n- name: a\n", 0,
             ["config.yaml:2:3: warning: kind not set: the document is not a Kubernetes object that oc could create; "
              "skipped [K5]"],
             "1 files, 0 ImageStreams: 0 valid, 0 invalid; 0 errors, 1 warnings"),
            # Only '{' makes JSON (oc's hasJSONPrefix): a top-level array is YAML.
            ("array.json", "[", 1, ["array.json:2:1: error: yaml: line 1: did not find expected node content [D1]"],
             "1 files, 0 ImageStreams: 0 valid, 1 invalid; 1 errors, 0 warnings"),
        ]
        for name, content, want_rc, want_lines, want_summary in cases:
            with self.subTest(name):
                path = self.write(name, content)
                rc, out, err = run("check", "--summary", path)
                self.assertEqual(rc, want_rc, out + err)
                lines = [l.replace(self.dir + "/", "") for l in out.splitlines()]
                if name == "stream-with-items.yaml":
                    # The item (not the list's own Bad_Name) is what oc sends.
                    self.assertEqual(len(lines), 2, out)
                    self.assertRegex(lines[0], r'^stream-with-items.yaml:5:\d+: error: metadata.name: Invalid value: '
                                               r'"Good_Name": .* \[M3\]$')
                    self.assertEqual(lines[1], "1 files, 1 ImageStreams: 0 valid, 1 invalid; 1 errors, 0 warnings")
                    continue
                self.assertEqual(lines, want_lines + [want_summary])

    def test_rules_command(self):
        rc, out, _ = run("rules", "--format", "json")
        self.assertEqual(rc, 0)
        rules = json.loads(out)
        ids = [r["id"] for r in rules]
        self.assertEqual(len(ids), len(set(ids)))
        for want in ("D1", "M3", "S9", "R1", "L1", "W10", "P6"):
            self.assertIn(want, ids)
        with open(os.path.join(ROOT, "docs", "rules.md")) as f:
            doc = f.read()
        for i in ids:  # every emitted id is documented
            self.assertIn("| " + i + " |", doc)
        rc, out, _ = run("rules", "S6")
        self.assertEqual(rc, 0)
        self.assertTrue(out.startswith("S6 (error): referencePolicy.type\n"), out)
        rc, _, err = run("rules", "Z9")
        self.assertEqual(rc, 1)
        self.assertIn('no rule "Z9"', err)
        rc, _, _ = run("rules", "--format", "xml")
        self.assertEqual(rc, 2)

    def test_schema_command(self):
        rc, out, _ = run("schema", "--list")
        self.assertEqual(rc, 0)
        names = out.split()
        self.assertEqual(len(names), 13)
        for name in names:
            rc, text, _ = run("schema", name)
            self.assertEqual(rc, 0)
            with open(os.path.join(ROOT, "schemas", name + ".json")) as f:
                self.assertEqual(text, f.read())  # embedded byte for byte
        rc, _, err = run("schema", "Nope")
        self.assertEqual(rc, 2)
        out_dir = os.path.join(self.dir, "exported")
        rc, _, _ = run("schema", "--export", out_dir)
        self.assertEqual(rc, 0)
        self.assertEqual(sorted(os.listdir(out_dir)), sorted(n + ".json" for n in names))


if __name__ == "__main__":
    ISCONFORM = sys.argv[1]
    ROOT = sys.argv[2]
    unittest.main(argv=[sys.argv[0], "-v"])
