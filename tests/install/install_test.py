#!/usr/bin/env python3
"""`meson install` into a staging directory, then a C99 client built only
from the installed header and pkg-config file (the staged prefix is given
with --define-variable) must print the same findings as `isconform check`.

usage: install_test.py BUILD_DIR SOURCE_DIR ISCONFORM"""
import glob
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

BUILD, SOURCE, ISCONFORM = sys.argv[1:4]
del sys.argv[1:4]

DOC = {
    "apiVersion": "image.openshift.io/v1",
    "kind": "ImageStream",
    "metadata": {"name": "Bad_Name", "namespace": "demo", "labels": {"a b": "c"}},
    "spec": {
        "dockerImageRepository": "quay.io/x/y:tag",
        "tags": [
            {"name": "latest", "from": {"kind": "Image", "name": "x"}},
            {"name": "ok", "from": {"kind": "DockerImage", "name": "quay.io/x/y:1"},
             "referencePolicy": {"type": "Other"}},
        ],
    },
}


class Installed(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="isc-install-")
        cls.stage = os.path.join(cls.tmp, "stage")
        p = subprocess.run(["meson", "install", "-C", BUILD, "--no-rebuild", "--destdir", cls.stage],
                           capture_output=True, text=True, timeout=300)
        if p.returncode != 0:
            raise AssertionError("meson install failed:\n" + p.stdout + p.stderr)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def installed(self, pattern):
        hits = glob.glob(os.path.join(self.stage, "**", pattern), recursive=True)
        self.assertTrue(hits, pattern + " is not installed")
        return hits[0]

    def test_layout(self):
        self.installed("include/isconform/isconform.h")
        self.installed("libisconform.so*")
        self.installed("libisconform.a")
        self.installed("bin/isconform")

    def test_c_client_matches_cli(self):
        pc = self.installed("pkgconfig/isconform.pc")
        env = dict(os.environ, PKG_CONFIG_PATH=os.path.dirname(pc))
        prefix = subprocess.run(["pkg-config", "--variable=prefix", "isconform"],
                                capture_output=True, text=True, env=env, check=True).stdout.strip()
        flags = subprocess.run(["pkg-config", "--define-variable=prefix=" + self.stage + prefix,
                                "--cflags", "--libs", "isconform"],
                               capture_output=True, text=True, env=env, check=True).stdout.split()
        self.assertTrue(any(f.startswith("-I" + self.stage) for f in flags), flags)
        exe = os.path.join(self.tmp, "findings")
        cc = os.environ.get("CC", "cc")
        subprocess.run([cc, "-std=c99", "-Wall", "-Wextra", "-Werror", "-pedantic",
                        os.path.join(SOURCE, "tests", "install", "findings.c"), "-o", exe, *flags],
                       check=True, env=env)
        libdir = os.path.dirname(self.installed("libisconform.so*"))
        doc = os.path.join(self.tmp, "is.json")
        with open(doc, "w") as f:
            json.dump(DOC, f, indent=2)
        client = subprocess.run([exe, doc], capture_output=True, text=True,
                                env=dict(os.environ, LD_LIBRARY_PATH=libdir))
        cli = subprocess.run([ISCONFORM, "check", "--closed-world", "--no-color", "--no-config", doc],
                             capture_output=True, text=True)
        self.assertEqual(client.returncode, 1, client.stderr)
        self.assertEqual(cli.returncode, 1, cli.stderr)
        want = [line[len(doc) + 1:] for line in cli.stdout.splitlines() if line.startswith(doc + ":")]
        self.assertGreaterEqual(len(want), 4, cli.stdout)
        self.assertEqual(client.stdout.splitlines(), want)


if __name__ == "__main__":
    unittest.main(verbosity=2)
