#!/usr/bin/env python3
"""Output formats of `isconform check`: SARIF 2.1.0 validates against the
official schema (read from ../shared/reference/sarif when present, else this
check is skipped and says so), JUnit XML is well-formed with one test case per
ImageStream.

Usage: formats_test.py ISCONFORM SOURCE_ROOT
"""
import json
import os
import subprocess
import sys
import tempfile
import unittest
import warnings
import xml.etree.ElementTree as ET

warnings.filterwarnings("ignore", category=DeprecationWarning)

ISCONFORM = ROOT = None

BAD = {"apiVersion": "image.openshift.io/v1", "kind": "ImageStream",
       "metadata": {"name": "Bad_Name", "namespace": "ns"},
       "spec": {"tags": [{"name": "a", "from": {"kind": "Docker", "name": "x"}},
                         {"name": "b b", "from": {"kind": "DockerImage", "name": "quay.io/a:b"}}]}}
GOOD = {"apiVersion": "image.openshift.io/v1", "kind": "ImageStream", "metadata": {"name": "good", "namespace": "ns"}}


def run(*args):
    p = subprocess.run([ISCONFORM, *args], capture_output=True, timeout=120)
    return p.returncode, p.stdout.decode()


class Formats(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp()
        cls.bad = os.path.join(cls.dir, "bad file.json")
        cls.good = os.path.join(cls.dir, "good.json")
        with open(cls.bad, "w") as f:
            json.dump(BAD, f, indent=2)
        with open(cls.good, "w") as f:
            json.dump(GOOD, f)

    def test_sarif_validates(self):
        schema_path = os.path.join(ROOT, "..", "shared", "reference", "sarif", "sarif-schema-2.1.0.json")
        rc, out = run("check", "--format", "sarif", self.bad, self.good, os.path.join(ROOT, "samples"))
        self.assertEqual(rc, 1)
        doc = json.loads(out)
        self.assertEqual(doc["version"], "2.1.0")
        run0 = doc["runs"][0]
        rules = [r["id"] for r in run0["tool"]["driver"]["rules"]]
        self.assertIn("S3", rules)
        results = run0["results"]
        self.assertTrue(results)
        for r in results:
            self.assertIn(r["ruleId"], rules)
            self.assertEqual(rules[r["ruleIndex"]], r["ruleId"])
            self.assertIn(r["level"], ("error", "warning"))
        s3 = [r for r in results if r["ruleId"] == "S3"][0]
        loc = s3["locations"][0]["physicalLocation"]
        self.assertTrue(loc["artifactLocation"]["uri"].endswith("bad%20file.json"))
        self.assertEqual(loc["region"], {"startLine": 13, "startColumn": 19})
        if not os.path.exists(schema_path):
            print("SARIF schema not found at %s: schema validation skipped" % schema_path)
            return
        import jsonschema
        with open(schema_path) as f:
            schema = json.load(f)
        cls = jsonschema.validators.validator_for(schema)
        errors = list(cls(schema).iter_errors(doc))
        self.assertEqual([e.message for e in errors], [])

    def test_junit(self):
        rc, out = run("check", "--format", "junit", self.bad, self.good)
        self.assertEqual(rc, 1)
        root = ET.fromstring(out)
        cases = root.findall(".//testcase")
        self.assertEqual(len(cases), 2)
        self.assertEqual(root.get("tests"), "2")
        self.assertEqual(root.get("failures"), "1")
        failed = [c for c in cases if c.find("failure") is not None]
        self.assertEqual(len(failed), 1)
        self.assertEqual(failed[0].get("name"), "ns/Bad_Name")
        self.assertIn("[S3]", failed[0].find("failure").text)



class OrderedStreaming(unittest.TestCase):
    """Output is written file by file in input order. The first file refers
    to a stream that only the last file defines, so it waits for the second
    pass and every file after it waits too: over 64 KiB of their output goes
    through the temporary file. The output must be what the same files give
    one by one, in order, whatever -j."""

    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp()
        first = {"apiVersion": "image.openshift.io/v1", "kind": "ImageStream",
                 "metadata": {"name": "first", "namespace": "ns"},
                 "spec": {"tags": [{"name": "t", "from": {"kind": "ImageStreamTag", "name": "zlast:v1"}}]}}
        last = {"apiVersion": "image.openshift.io/v1", "kind": "ImageStream",
                "metadata": {"name": "zlast", "namespace": "ns"},
                "spec": {"tags": [{"name": "v1", "from": {"kind": "DockerImage", "name": "quay.io/a/b:1"}}]}}
        cls.files = [os.path.join(cls.dir, "a-first.json")]
        with open(cls.files[0], "w") as f:
            json.dump(first, f)
        for i in range(700):
            path = os.path.join(cls.dir, "m%04d.json" % i)
            bad = dict(BAD, metadata={"name": "Bad_%d" % i, "namespace": "ns"})
            with open(path, "w") as f:
                json.dump(bad, f, indent=2)
            cls.files.append(path)
        cls.files.append(os.path.join(cls.dir, "z-last.json"))
        with open(cls.files[-1], "w") as f:
            json.dump(last, f)

    def test_order_and_content(self):
        for fmt in ("text", "json", "sarif"):
            outs = [run("check", "-j", j, "--format", fmt, self.dir) for j in ("1", "2")]
            self.assertEqual(outs[0], outs[1], fmt)
            rc, out = outs[0]
            self.assertEqual(rc, 1)
            self.assertGreater(len(out), 256 << 10, "the test must overflow the in-memory budget")
            if fmt == "text":
                lines = out.splitlines()
                files = [l.split(":", 1)[0] for l in lines[:-1]]
                # Grouped by file, files in sorted input order, the summary last.
                seen = []
                for f in files:
                    if not seen or seen[-1] != f:
                        seen.append(f)
                self.assertEqual(seen, sorted(seen))
                self.assertEqual(len(seen), 700)  # the first and the last file have no findings
                self.assertTrue(lines[-1].startswith("702 files, 702 ImageStreams: 2 valid, 700 invalid"), lines[-1])
                # The same findings as checking each file alone (with the last file known).
                _, one = run("check", self.files[5], self.files[-1])
                self.assertIn(one.splitlines()[0], lines)
            elif fmt == "json":
                doc = json.loads(out)
                names = [r["name"] for r in doc["results"]]
                self.assertEqual(names[0], "first")
                self.assertEqual(names[-1], "zlast")
                self.assertEqual(names[1:-1], ["Bad_%d" % i for i in range(700)])
                self.assertEqual(doc["results"][0]["findings"], [])  # resolved in the second pass
                self.assertEqual(doc["summary"]["files"], 702)
            else:
                doc = json.loads(out)
                self.assertGreater(len(doc["runs"][0]["results"]), 1400)

if __name__ == "__main__":
    ISCONFORM, ROOT = sys.argv[1], sys.argv[2]
    unittest.main(argv=[sys.argv[0], "-v"])
