#!/usr/bin/env python3
"""Runs Debian's pre-commit tool, offline, with this repository's
.pre-commit-hooks.yaml against a sample repository of good and bad manifests.

Usage: precommit_test.py ISCONFORM SOURCE_ROOT   (exit 77 = skipped)
"""
import os
import shutil
import subprocess
import sys
import tempfile


def main():
    isconform, root = sys.argv[1], sys.argv[2]
    if not shutil.which("pre-commit") or not shutil.which("git"):
        print("pre-commit or git not installed: skipped")
        return 77
    if not os.path.exists(os.path.join(root, ".git")):
        print("%s is not a git checkout: skipped" % root)
        return 77
    work = tempfile.mkdtemp()
    try:
        repo = os.path.join(work, "repo")
        os.makedirs(os.path.join(repo, "deploy"))
        shutil.copy(os.path.join(root, "samples", "ruby.yaml"), os.path.join(repo, "deploy", "good.yaml"))
        shutil.copy(os.path.join(root, "samples", "broken.yaml"), os.path.join(repo, "deploy", "bad.yaml"))
        with open(os.path.join(repo, "README.txt"), "w") as f:
            f.write("not a manifest\n")
        env = dict(os.environ)
        env["PATH"] = os.path.dirname(os.path.abspath(isconform)) + os.pathsep + env.get("PATH", "")
        env["PRE_COMMIT_HOME"] = os.path.join(work, "cache")
        env["GIT_CONFIG_NOSYSTEM"] = "1"
        env["HOME"] = work  # no user git config or pre-commit cache leaks in
        env.setdefault("GIT_AUTHOR_NAME", "t")
        env.setdefault("GIT_AUTHOR_EMAIL", "t@example.com")
        env.setdefault("GIT_COMMITTER_NAME", "t")
        env.setdefault("GIT_COMMITTER_EMAIL", "t@example.com")

        def git(*args):
            subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True)

        git("init", "-q")
        git("add", ".")

        def hook():
            p = subprocess.run(["pre-commit", "try-repo", root, "isconform", "--all-files"], cwd=repo, env=env,
                               capture_output=True, timeout=300)
            return p.returncode, p.stdout.decode() + p.stderr.decode()

        rc, out = hook()
        print(out)
        failures = []
        if rc != 1:
            failures.append("expected exit 1 with a bad manifest, got %d" % rc)
        for want in ("Failed", "deploy/bad.yaml:5:9: error: metadata.name: Invalid value: \"Broken_Stream\"",
                     "[M3]", "2 files, 2 ImageStreams: 1 valid, 1 invalid"):
            if want not in out:
                failures.append("missing in the hook output: " + want)
        if "README.txt" in out:
            failures.append("the hook must only receive JSON and YAML files")
        git("rm", "-q", "-f", "deploy/bad.yaml")
        rc, out = hook()
        print(out)
        if rc != 0 or "Passed" not in out:
            failures.append("expected the hook to pass once the bad manifest is gone (rc=%d)" % rc)
        for f in failures:
            print("FAIL: " + f)
        return 1 if failures else 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
