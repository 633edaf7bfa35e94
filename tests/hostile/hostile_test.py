#!/usr/bin/env python3
"""Hostile input suite (docs/limits.md): every case of generate.py is written
to a temporary directory and checked with `isconform check --format json`.
Each case asserts the exact findings (severity, field, type, rule, message),
the exit status, and generous bounds on time and memory.

Usage: hostile_test.py ISCONFORM [CASE...]
       hostile_test.py ISCONFORM --dump CASE...   print what the CLI reports

Environment: ISC_SANITIZE (the build's b_sanitize; under a sanitizer the
address-space limit is not set and the time bound is multiplied by 5),
ISC_HOSTILE_SECONDS (time bound per case, default 10),
ISC_HOSTILE_MIB (bound on the maximum resident set, default 1024).
"""
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import generate  # noqa: E402

ISCONFORM = None
SANITIZED = os.environ.get("ISC_SANITIZE", "none") not in ("", "none")
SECONDS = float(os.environ.get("ISC_HOSTILE_SECONDS", "10")) * (5 if SANITIZED else 1)
MIB = int(os.environ.get("ISC_HOSTILE_MIB", "1024"))
if SANITIZED:
    MIB *= 3  # shadow memory and quarantine


def limit_address_space():
    if not SANITIZED:
        resource.setrlimit(resource.RLIMIT_AS, (MIB << 20, MIB << 20))


def run_case(name, directory):
    fname, writer, args = generate.CASES[name]
    path = os.path.join(directory, name + "-" + fname)
    writer(path)
    out_path = os.path.join(directory, name + ".out")
    cmd = [ISCONFORM, "check", "--no-config", "--format", "json", "-j", "2", *args, path]
    start = time.monotonic()
    with open(out_path, "wb") as out, open(out_path + ".err", "wb") as err:
        p = subprocess.Popen(cmd, stdout=out, stderr=err, preexec_fn=limit_address_space)
        _, status, usage = os.wait4(p.pid, 0)
        p.returncode = os.waitstatus_to_exitcode(status)
    elapsed = time.monotonic() - start
    os.unlink(path)
    with open(out_path, "rb") as f:
        stdout = f.read().decode("utf-8")
    with open(out_path + ".err", "rb") as f:
        stderr = f.read().decode("utf-8", "replace")
    return p.returncode, stdout, stderr, elapsed, usage.ru_maxrss // 1024


def findings(doc):
    """All findings of all results, as tuples."""
    out = []
    for r in doc["results"]:
        for f in r["findings"]:
            out.append((f["severity"], f["field"], f["type"], f["rule"], f["message"]))
    return out


E, W = "error", "warning"
GEN = "json: cannot unmarshal number %s into Go struct field ObjectMeta.metadata.generation of type int64"
DOC_LIMIT = "the document is %d bytes, more than the limit of %d bytes (the API server's request size limit)"


def doc_limit(n, limit=3 * 1024 * 1024):
    return [(E, "", "BadRequest", "L1", DOC_LIMIT % (n, limit))]


# name -> (exit status, expected findings: a list of tuples, or a function
# that asserts on the parsed output and returns nothing)
EXPECTED = {}


def expect(name, status, check):
    EXPECTED[name] = (status, check)


expect("oversize-json", 1, doc_limit(3 * 1024 * 1024 + 1))
expect("oversize-yaml", 1, doc_limit(3 * 1024 * 1024 + 90))
expect("string-100mb-file", 1, [(E, "", "BadRequest", "L1",
                                 "the input is 104857723 bytes, more than the limit of 50331648 bytes for a file")])
expect("string-100mb-raised", 1, [(E, "", "BadRequest", "L1",
                                   "a string of 104857600 bytes exceeds the limit of 1048576 bytes per string")])
expect("string-2mib", 1, [(E, "", "BadRequest", "L1",
                           "a string of 2097152 bytes exceeds the limit of 1048576 bytes per string")])
expect("deep-json-arrays", 1, [(E, "", "SyntaxError", "D1", "invalid character '[' exceeded max depth")])
expect("deep-json-objects", 1, [(E, "", "SyntaxError", "D1", "invalid character '{' exceeded max depth")])
expect("deep-yaml-flow", 1, [(E, "", "SyntaxError", "D1", "yaml: line 7: exceeded max depth of 10000")])
expect("deep-yaml-block", 1, [(E, "", "SyntaxError", "D1", "yaml: line 3: exceeded max depth of 10000")])
expect("tags-1m", 1, [(E, "spec.tags", "BadRequest", "L1", "1000001 tags exceed the limit of 1000000")])
expect("tags-1m-named", 1, doc_limit(18889028))
expect("tags-1m-named-raised", 1, [(E, "spec.tags", "BadRequest", "L1", "1000001 tags exceed the limit of 1000000")])
expect("tags-limit", 1, [(E, "spec.tags", "BadRequest", "L1", "11 tags exceed the limit of 10")])
expect("status-items-1m", 1, [(E, "status.tags", "BadRequest", "L1",
                               "1000001 status items exceed the limit of 1000000")])
expect("status-items-limit", 1, [(E, "status.tags", "BadRequest", "L1",
                                  "1000001 status items exceed the limit of 1000")])
expect("billion-laughs", 1, [(E, "", "SyntaxError", "D1", "yaml: document contains excessive aliasing")])
expect("yaml-nodes-limit", 1, [(E, "", "SyntaxError", "D1", "yaml: document expands to more than 50 nodes")])

W4 = ('spec.tags[%s].name: tag name "%s" cannot be addressed as <stream>:<tag> (tags match '
      '[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}); the server accepts it, but no ImageStreamTag, trigger or pull spec can use it')


def w4(tag):
    return (W, "spec.tags[%s].name" % tag, "Warning", "W4", W4 % (tag, tag))


def check_findings_cap(t, doc):
    # 1500 findings: 999 shown, then one that counts the other 501.
    fs = findings(doc)
    t.assertEqual(fs, [w4("Bad_%d!" % i) for i in range(999)] +
                  [(W, "", "Warning", "L1", "501 more findings not shown (limit 1000 per document)")])


def check_findings_limit(t, doc):
    fs = findings(doc)
    t.assertEqual(fs, [w4("Bad_%d!" % i) for i in range(3)] +
                  [(W, "", "Warning", "L1", "7 more findings not shown (limit 4 per document)")])


def check_duplicates_yaml(t, doc):
    # 4999 duplicates (go-yaml's strict message), capped at 1000 findings.
    fs = findings(doc)
    t.assertEqual(fs, [(E, "metadata.name", "DuplicateField", "D4", 'line %d: key "name" already set in map' % line)
                       for line in range(6, 1005)] +
                  [(W, "", "Warning", "L1", "4000 more findings not shown (limit 1000 per document)")])


def bad_reference(value):
    return [(E, "spec.tags[latest].from.name", "Invalid", "S4",
             'spec.tags[latest].from.name: Invalid value: "%s": invalid reference format' % value)]


M3 = 'metadata.name: Invalid value: %s: must match "[a-z0-9]+(?:[._-][a-z0-9]+)*"'
D5 = ("metadata.name: invalid UTF-8 in string (RFC 8259 requires UTF-8; the API server would store U+FFFD "
      "instead)")

expect("findings-cap", 0, check_findings_cap)
expect("findings-limit", 0, check_findings_limit)
expect("int64-overflow", 1, [(E, "metadata.generation", "TypeError", "D2", GEN % "9223372036854775808")])
expect("int64-underflow", 1, [(E, "spec.tags[0].generation", "TypeError", "D2",
                               "json: cannot unmarshal number -9223372036854775809 into Go struct field "
                               "TagReference.spec.tags.generation of type int64")])
expect("float-1e400", 1, [(E, "metadata.generation", "TypeError", "D2", GEN % "1e400")])
expect("float-1e400-string", 1, [(E, "metadata.uid", "TypeError", "D2",
                                  "json: cannot unmarshal number into Go struct field ObjectMeta.metadata.uid "
                                  "of type types.UID")])
expect("yaml-inf", 1, [(E, "", "SyntaxError", "D1", "json: unsupported value: +Inf")])
expect("nul-raw-json", 1, [(E, "", "SyntaxError", "D1", "invalid character '\\x00' in string literal")])
expect("nul-escaped-json", 1, [(E, "metadata.name", "Invalid", "M3", M3 % '"s\\x00x"')])
expect("nul-raw-yaml", 1, [(E, "", "SyntaxError", "D1", "yaml: control characters are not allowed")])
expect("invalid-utf8-json", 1, [(E, "metadata.name", "InvalidUTF8", "D5", D5)])
expect("overlong-utf8-json", 1, [(E, "metadata.name", "InvalidUTF8", "D5", D5)])
expect("invalid-utf8-yaml", 1, [(E, "", "SyntaxError", "D1", "yaml: invalid leading UTF-8 octet")])
expect("lone-surrogate", 1, [(E, "metadata.name", "Invalid", "M3", M3 % '"s\ufffdx"')])
expect("lone-low-surrogate", 0, [])
expect("bom-json", 0, [])
expect("bom-yaml", 0, [])
expect("crlf-json", 0, [])
expect("crlf-yaml", 1, [(E, "metadata.name", "Invalid", "M3", M3 % '"S"')])
expect("empty", 0, [(W, "", "Warning", "K5", "no objects: the input is empty")])
expect("whitespace-only", 0, [(W, "", "Warning", "K5", "no objects: the input is empty")])
expect("regex-bomb-path", 1, bad_reference("quay.io/a" + "-a" * 200000 + "!"))
expect("regex-bomb-domain", 1, bad_reference("a." * 200000 + "a:/x"))
expect("duplicate-keys-json", 1, [(E, "metadata.name", "DuplicateField", "D4", 'duplicate field "metadata.name"')])
expect("duplicate-keys-yaml", 1, check_duplicates_yaml)


class Hostile(unittest.TestCase):
    maxDiff = 4000

    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="isc-hostile-")

    def tearDown(self):
        shutil.rmtree(self.dir)

    def check(self, name):
        status, want = EXPECTED[name]
        rc, out, err, elapsed, rss = run_case(name, self.dir)
        self.assertLess(elapsed, SECONDS, "%s took %.1f s" % (name, elapsed))
        self.assertLess(rss, MIB, "%s used %d MiB" % (name, rss))
        self.assertEqual(err, "", name)
        self.assertEqual(rc, status, "%s: exit status\n%s" % (name, out[:2000]))
        doc = json.loads(out)
        if callable(want):
            want(self, doc)
        else:
            self.assertEqual(findings(doc), want, name)


class LimitFlag(unittest.TestCase):
    """`isconform check --limit NAME=VALUE`: documented, and bad values refused."""

    def run_cli(self, *args):
        p = subprocess.run([ISCONFORM, "check", "--no-config", *args], capture_output=True, timeout=60)
        return p.returncode, p.stdout.decode(), p.stderr.decode()

    def test_help(self):
        rc, out, _ = self.run_cli("--help")
        self.assertEqual(rc, 0)
        for name in ("--limit NAME=VALUE", "document-bytes", "depth", "string-bytes", "tags", "status-items",
                     "yaml-nodes", "findings"):
            self.assertIn(name, out)

    def test_refused(self):
        bad = {
            "depth": "--limit takes NAME=VALUE with NAME one of document-bytes, depth, string-bytes, tags, "
                     "status-items, yaml-nodes, findings, not \"depth\"",
            "nope=3": "--limit takes NAME=VALUE with NAME one of document-bytes, depth, string-bytes, tags, "
                      "status-items, yaml-nodes, findings, not \"nope=3\"",
            "depth=0": '--limit depth: "0" is not a valid value for this limit',
            "depth=-1": '--limit depth: "-1" is not a valid value for this limit',
            "depth=4G": '--limit depth: "4G" is not a valid value for this limit',
            "findings=1": '--limit findings: "1" is not a valid value for this limit',
            "tags=1x": '--limit tags: "1x" is not a valid value for this limit',
            "string-bytes=": '--limit string-bytes: "" is not a valid value for this limit',
        }
        for arg, msg in bad.items():
            rc, out, err = self.run_cli("--limit", arg, "-")
            self.assertEqual(rc, 2, arg)
            self.assertEqual(err, "isconform check: %s\nTry 'isconform check --help'.\n" % msg, arg)
            self.assertEqual(out, "")

    def test_suffixes_and_last_wins(self):
        # depth 2 (the second --limit wins) refuses {"a":{"b":{}}}; K means 1024.
        doc = b'{"a":{"b":{}}}'
        p = subprocess.run([ISCONFORM, "check", "--no-config", "--format", "json", "--limit", "depth=1K",
                            "--limit", "depth=2", "-"], input=doc, capture_output=True, timeout=60)
        self.assertEqual(p.returncode, 1)
        self.assertEqual(findings(json.loads(p.stdout)),
                         [(E, "", "SyntaxError", "D1", "invalid character '{' exceeded max depth")])
        p = subprocess.run([ISCONFORM, "check", "--no-config", "--format", "json", "--limit", "string-bytes=1K",
                            "-"], input=compact_stream_with_annotation(1025), capture_output=True, timeout=60)
        self.assertEqual(findings(json.loads(p.stdout)),
                         [(E, "", "BadRequest", "L1", "a string of 1025 bytes exceeds the limit of 1024 bytes "
                                                      "per string")])


def compact_stream_with_annotation(n):
    return generate.compact(generate.stream(extra_meta={"annotations": {"a": "x" * n}}))


def add_tests():
    for name in generate.CASES:
        def t(self, name=name):
            self.check(name)
        setattr(Hostile, "test_" + name.replace("-", "_"), t)


add_tests()


def main():
    global ISCONFORM
    ISCONFORM = os.path.abspath(sys.argv[1])
    rest = sys.argv[2:]
    if rest and rest[0] == "--dump":
        d = tempfile.mkdtemp(prefix="isc-hostile-")
        try:
            for name in rest[1:] or generate.CASES:
                rc, out, err, elapsed, rss = run_case(name, d)
                print("== %s: exit %d, %.2f s, %d MiB %s" % (name, rc, elapsed, rss, err.strip()))
                try:
                    for f in findings(json.loads(out))[:6]:
                        print("   ", f)
                except ValueError:
                    print(out[:500])
        finally:
            shutil.rmtree(d)
        return 0
    names = ["Hostile.test_" + n.replace("-", "_") for n in rest] or ["Hostile", "LimitFlag"]
    prog = unittest.main(argv=[sys.argv[0], "-v", *names], exit=False)
    return 0 if prog.result.wasSuccessful() else 1


if __name__ == "__main__":
    sys.exit(main())
