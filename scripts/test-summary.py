#!/usr/bin/env python3
"""Prints "N passed, N failed" for a meson build directory's last test run.

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
    build = sys.argv[1] if len(sys.argv) > 1 else "build"
    log = os.path.join(build, "meson-logs", "testlog.json")
    passed = failed = 0
    if not os.path.exists(log):
        print("0 passed, 1 failed")
        return 1
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
    print("%d passed, %d failed" % (passed, failed))
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
