#!/usr/bin/env python3
"""isconform request and isconform check --patch / --kind / --response.

Usage: cli_request_test.py ISCONFORM SOURCE_ROOT
"""
import json
import os
import subprocess
import sys
import tempfile
import unittest

ISCONFORM = None

STORED = {
    "apiVersion": "image.openshift.io/v1", "kind": "ImageStream",
    "metadata": {"name": "ruby", "namespace": "demo", "uid": "u-1", "resourceVersion": "42", "generation": 2,
                 "creationTimestamp": "2024-01-01T00:00:00Z"},
    "spec": {"tags": [{"name": "latest", "from": {"kind": "DockerImage", "name": "quay.io/x/ruby:3.2"}},
                      {"name": "3.1", "from": {"kind": "DockerImage", "name": "quay.io/x/ruby:3.1"}}]},
    "status": {"dockerImageRepository": ""},
}
NS = "/apis/image.openshift.io/v1/namespaces/demo/imagestreams"


def run(*args, stdin=None):
    p = subprocess.run([ISCONFORM, *args], input=stdin, capture_output=True, timeout=120)
    return p.returncode, p.stdout.decode(), p.stderr.decode()


class RequestCli(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.old = self.write("old.json", STORED)

    def tearDown(self):
        self.tmp.cleanup()

    def write(self, name, value):
        path = os.path.join(self.tmp.name, name)
        with open(path, "w") as f:
            f.write(value if isinstance(value, str) else json.dumps(value))
        return path

    def test_get_and_not_found(self):
        rc, out, _ = run("request", "GET", NS + "/ruby", "--old", self.old)
        self.assertEqual(rc, 0)
        status, body = out.split("\n", 1)
        self.assertEqual(status, "HTTP 200 OK")
        self.assertEqual(json.loads(body)["metadata"]["name"], "ruby")
        rc, out, err = run("request", "GET", NS + "/ruby")
        self.assertEqual(rc, 1)
        self.assertEqual(out.split("\n")[0], "HTTP 404 Not Found")
        self.assertEqual(json.loads(out.split("\n", 1)[1])["message"],
                         'imagestreams.image.openshift.io "ruby" not found')
        self.assertIn('error: imagestreams.image.openshift.io "ruby" not found [H5]', err)

    def test_json_format_and_query(self):
        body = self.write("new.json", {"apiVersion": "image.openshift.io/v1", "kind": "ImageStream",
                                       "metadata": {"name": "py"}, "spec": {"foo": 1}})
        rc, out, _ = run("request", "POST", NS, "--query", "fieldValidation=Strict", "--body", body,
                         "--format", "json")
        self.assertEqual(rc, 1)
        doc = json.loads(out)
        self.assertEqual(doc["status"], 400)
        self.assertEqual(doc["body"]["message"],
                         'ImageStream in version "v1" cannot be handled as a ImageStream: strict decoding error: '
                         'unknown field "spec.foo"')
        self.assertEqual(doc["findings"][0]["rule"], "D3")
        rc, out, _ = run("request", "POST", NS + "?dryRun=All", "--body", body, "--format", "json")
        self.assertEqual(rc, 0)
        doc = json.loads(out)
        self.assertEqual(doc["status"], 201)
        self.assertEqual(doc["findings"][0]["severity"], "warning")

    def test_patch_types(self):
        smp = self.write("smp.json", {"spec": {"tags": [{"name": "3.1", "$patch": "delete"}]}})
        rc, out, _ = run("request", "PATCH", NS + "/ruby", "--patch-type", "strategic", "--body", smp,
                         "--old", self.old)
        self.assertEqual(rc, 0, out)
        tags = json.loads(out.split("\n", 1)[1])["spec"]["tags"]
        self.assertEqual([t["name"] for t in tags], ["latest"])
        jp = self.write("jp.json", [{"op": "test", "path": "/spec/tags/0/name", "value": "latest"}])
        rc, out, err = run("request", "PATCH", NS + "/ruby", "--content-type", "application/json-patch+json",
                           "--body", jp, "--old", self.old)
        self.assertEqual(rc, 1)
        self.assertEqual(out.split("\n")[0], "HTTP 422 Unprocessable Entity")
        self.assertIn("error: testing value /spec/tags/0/name failed: test failed [H6]", err)

    def test_status_names_generated_object_and_lists_every_cause(self):
        # POST with generateName: the 422 names the generated object (spec 1.2, 2.3).
        bad_label = ("Invalid value: \"-bad\": name part must consist of alphanumeric characters, '-', '_' or '.', "
                     "and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or "
                     "'123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')")
        created = self.write("gen.json", {"apiVersion": "image.openshift.io/v1", "kind": "ImageStream",
                                          "metadata": {"generateName": "app", "labels": {"-bad": "x"}}})
        rc, out, _ = run("request", "POST", NS, "--body", created, "--format", "json")
        self.assertEqual(rc, 1)
        doc = json.loads(out)
        self.assertEqual(doc["status"], 422)
        self.assertEqual(doc["body"]["message"],
                         'ImageStream.image.openshift.io "appxxxxx" is invalid: metadata.labels: ' + bad_label)
        self.assertEqual(doc["body"]["details"]["name"], "appxxxxx")
        # check reports the object as written: no name.
        rc, out, _ = run("check", "--format", "json", created)
        self.assertEqual(rc, 1)
        self.assertEqual(json.loads(out)["results"][0]["name"], "")
        # PUT: the label is checked by four metadata passes, four causes (spec 1.3.5);
        # the message and the findings name it once.
        upd = json.loads(json.dumps(STORED))
        upd["metadata"]["labels"] = {"-bad": "x"}
        body = self.write("upd.json", upd)
        rc, out, _ = run("request", "PUT", NS + "/ruby", "--body", body, "--old", self.old, "--format", "json")
        self.assertEqual(rc, 1)
        doc = json.loads(out)
        self.assertEqual(doc["body"]["message"],
                         'ImageStream.image.openshift.io "ruby" is invalid: metadata.labels: ' + bad_label)
        self.assertEqual(doc["body"]["details"]["causes"],
                         [{"reason": "FieldValueInvalid", "message": bad_label, "field": "metadata.labels"}] * 4)
        self.assertEqual([f["rule"] for f in doc["findings"]], ["M7"])

    def test_usage(self):
        rc, _, err = run("request", "GET")
        self.assertEqual(rc, 2)
        self.assertIn("expected METHOD PATH", err)
        rc, out, _ = run("request", "--help")
        self.assertEqual(rc, 0)
        self.assertIn("usage: isconform request METHOD PATH", out)
        rc, out, _ = run("help")
        self.assertIn("request METHOD PATH", out)

    def test_check_patch(self):
        merge = self.write("merge.json", {"spec": {"tags": [{"name": "latest", "from": {"name": "x:1"}}]}})
        rc, out, _ = run("check", "--no-color", "--old", self.old, "--patch", merge, "--patch-type", "merge")
        self.assertEqual(rc, 1)
        self.assertIn("spec.tags[latest].from.kind: Required value: valid values are 'DockerImage', "
                      "'ImageStreamImage', 'ImageStreamTag' [S3]", out)
        rc, out, _ = run("check", "--old", self.old, "--patch", merge, "--patch-type", "strategic",
                         "--format", "json", "--normalized")
        self.assertEqual(rc, 0, out)
        res = json.loads(out)
        self.assertIn('"quay.io/x/ruby:3.1"', json.dumps(res))
        bad = self.write("bad.json", "[{\"op\":\"remove\",\"path\":\"/spec/nope\"}]")
        rc, out, _ = run("check", "--no-color", "--old", self.old, "--patch", bad, "--patch-type", "json")
        self.assertEqual(rc, 1)
        self.assertIn("error in remove for path: '/spec/nope': Unable to remove nonexistent key: nope: missing value [H6]",
                      out)
        manifest = dict(STORED)
        manifest["metadata"] = {"name": "ruby", "namespace": "demo"}
        plain = self.write("manifest.json", manifest)
        rc, out, _ = run("check", "--no-color", "--old", plain, "--patch", merge, "--patch-type", "strategic")
        self.assertEqual(rc, 1)
        self.assertIn("metadata.resourceVersion: Invalid value: 0: must be specified for an update [M12]", out)
        rc, _, err = run("check", "--patch", bad)
        self.assertEqual(rc, 2)
        self.assertIn("--patch needs --old FILE", err)
        rc, _, err = run("check", "--old", self.old, "--patch", bad, "--patch-type", "yaml")
        self.assertEqual(rc, 2)

    def test_check_responses(self):
        rc, out, _ = run("request", "GET", NS, "--query", "watch=true", "--old", self.old)
        stream = out.split("\n", 1)[1]
        events = self.write("events.jsonl", stream + stream.replace('"ADDED"', '"DELETED"'))
        rc, out, _ = run("check", "--no-color", "--kind", "WatchEvent", events)
        self.assertEqual(rc, 0, out)
        broken = self.write("broken.jsonl", stream + '{"type":"CHANGED","object":{}}\n')
        rc, out, _ = run("check", "--no-color", "--kind", "WatchEvent", broken)
        self.assertEqual(rc, 1)
        self.assertIn('type: must be ADDED, MODIFIED, DELETED, BOOKMARK or ERROR, not "CHANGED" [H7]', out)
        status = self.write("status.json", {"kind": "Status", "apiVersion": "v1", "status": "Maybe"})
        rc, out, _ = run("check", "--no-color", "--response", status)
        self.assertEqual(rc, 1)
        self.assertIn('status: must be "Success" or "Failure", not "Maybe" [H7]', out)
        rc, _, err = run("check", "--kind", "Pod", status)
        self.assertEqual(rc, 2)


if __name__ == "__main__":
    ISCONFORM = sys.argv[1]
    del sys.argv[1:3]
    unittest.main(verbosity=2)
