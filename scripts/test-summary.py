#!/usr/bin/env python3
"""Prints "N passed, N failed" for the last test runs of meson build directories
(arguments; default: build), summed.

A GoogleTest executable counts one per test case (read from its output);
any other test counts one. Reads BUILD/meson-logs/testlog.json.
"""
import json
import os
import re
import sys

PASSED = re.compile(r"^\[  PASSED  \] (\d+) tests?\.", re.M)
FAILED = re.compile(r"^\[  FAILED  \] (\d+) tests?, listed below", re.M)


def main():
    passed = failed = 0
    for build in sys.argv[1:] or ["build"]:
        p, fl = count(build)
        passed += p
        failed += fl
    print("%d passed, %d failed" % (passed, failed))
    return 0 if failed == 0 else 1


def count(build):
    """(passed, failed) of one build directory; a missing log is one failure."""
    log = os.path.join(build, "meson-logs", "testlog.json")
    passed = failed = 0
    if not os.path.exists(log):
        return 0, 1
    with open(log) as f:
        for line in f:
            line = line.strip()
            if not line:
                continue
            t = json.loads(line)
            result = t.get("result", "")
            if result == "SKIP":
                continue
            ok = result in ("OK", "EXPECTEDFAIL")
            out = t.get("stdout", "") or ""
            p = PASSED.search(out)
            fl = FAILED.search(out)
            if p or fl:
                np = int(p.group(1)) if p else 0
                nf = int(fl.group(1)) if fl else 0
                if not ok and nf == 0:
                    nf = 1  # crashed or timed out
                passed += np
                failed += nf
            elif ok:
                passed += 1
            else:
                failed += 1
    return passed, failed


if __name__ == "__main__":
    sys.exit(main())
