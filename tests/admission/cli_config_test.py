#!/usr/bin/env python3
"""`isconform admit`, and the configuration file of the CLI: --config, the
nearest .isconform.yaml from the current directory upwards, --no-config.

usage: cli_config_test.py ISCONFORM
"""
import json
import os
import subprocess
import sys
import tempfile
import unittest

ISCONFORM = None

STREAM = {"apiVersion": "image.openshift.io/v1", "kind": "ImageStream",
          "metadata": {"name": "app", "namespace": "demo"},
          "spec": {"dockerImageRepository": "quay.io/demo/app",
                   "tags": [{"name": "latest", "from": {"kind": "DockerImage", "name": "quay.io/demo/app:1"}}]}}


def review(obj, uid="cli-1"):
    return json.dumps({"apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview", "request": {
        "uid": uid, "operation": "CREATE", "namespace": "demo",
        "kind": {"group": "image.openshift.io", "version": "v1", "kind": "ImageStream"},
        "resource": {"group": "image.openshift.io", "version": "v1", "resource": "imagestreams"},
        "object": obj}})


def run(args, cwd, stdin=None):
    return subprocess.run([ISCONFORM] + args, cwd=cwd, input=stdin, capture_output=True, text=True)


class AdmitTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory(prefix="isc-cli-")
        self.dir = self.tmp.name

    def tearDown(self):
        self.tmp.cleanup()

    def write(self, name, text):
        path = os.path.join(self.dir, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            f.write(text)
        return path

    def test_admit_allowed_with_warning(self):
        p = run(["admit", "-"], self.dir, review(STREAM))
        self.assertEqual(p.returncode, 0, p.stderr)
        got = json.loads(p.stdout)
        self.assertEqual(got["response"]["uid"], "cli-1")
        self.assertTrue(got["response"]["allowed"])
        self.assertEqual(len(got["response"]["warnings"]), 1)
        self.assertTrue(got["response"]["warnings"][0].endswith("[W2]"))

    def test_admit_denied_and_file_argument(self):
        bad = dict(STREAM, metadata={"name": "Bad_Name", "namespace": "demo"})
        path = self.write("review.json", review(bad))
        p = run(["admit", path], self.dir)
        self.assertEqual(p.returncode, 1)
        got = json.loads(p.stdout)
        self.assertEqual(got["response"]["status"]["code"], 422)
        # A malformed review is an answer too (exit 1), not a usage error.
        p = run(["admit"], self.dir, "{")
        self.assertEqual(p.returncode, 1)
        self.assertEqual(json.loads(p.stdout)["response"]["status"]["code"], 400)

    def test_admit_usage_errors(self):
        self.assertEqual(run(["admit", "a", "b"], self.dir).returncode, 2)
        self.assertEqual(run(["admit", "--bogus"], self.dir).returncode, 2)
        p = run(["admit", os.path.join(self.dir, "missing.json")], self.dir)
        self.assertEqual(p.returncode, 2)
        self.assertIn("missing.json", p.stderr)
        self.assertEqual(run(["admit", "--help"], self.dir).returncode, 0)

    def test_config_flag(self):
        cfg = self.write("policy.yaml", "rules:\n  W2: off\npolicy:\n  requireDigest: true\n")
        p = run(["admit", "--config", cfg, "-"], self.dir, review(STREAM))
        self.assertEqual(p.returncode, 1)
        got = json.loads(p.stdout)["response"]
        self.assertNotIn("warnings", got)
        self.assertEqual([c["field"] for c in got["status"]["details"]["causes"]], ["spec.tags[latest].from.name"])
        # check uses the same configuration.
        manifest = self.write("is.json", json.dumps(STREAM))
        p = run(["check", "--config", cfg, "--format", "json", manifest], self.dir)
        self.assertEqual(p.returncode, 1, p.stdout + p.stderr)
        self.assertIn('"P4"', p.stdout)

    def test_bad_config_is_a_usage_error(self):
        cfg = self.write("bad.yaml", "rules:\n  NOPE: off\n")
        p = run(["admit", "--config", cfg, "-"], self.dir, review(STREAM))
        self.assertEqual(p.returncode, 2)
        self.assertIn('bad.yaml: config: rules: unknown rule id "NOPE"', p.stderr)
        p = run(["check", "--config", cfg, "-"], self.dir, json.dumps(STREAM))
        self.assertEqual(p.returncode, 2)
        self.assertIn('unknown rule id "NOPE"', p.stderr)

    def test_discovery_from_parent_directories(self):
        self.write(".isconform.yaml", "rules:\n  W2: error\n")
        sub = os.path.join(self.dir, "a", "b")
        os.makedirs(sub)
        manifest = self.write("a/b/is.json", json.dumps(STREAM))
        p = run(["check", "is.json"], sub)
        self.assertEqual(p.returncode, 1, p.stdout)
        self.assertIn("[W2]", p.stdout)
        p = run(["admit", "-"], sub, review(STREAM))
        self.assertEqual(p.returncode, 1)
        # --no-config ignores it; --config wins over it.
        self.assertEqual(run(["check", "--no-config", manifest], sub).returncode, 0)
        other = self.write("other.yaml", "rules:\n  W2: off\n")
        p = run(["check", "--config", other, manifest], sub)
        self.assertEqual(p.returncode, 0)
        self.assertNotIn("W2", p.stdout)


if __name__ == "__main__":
    ISCONFORM = os.path.abspath(sys.argv.pop(1))
    unittest.main(verbosity=2)
