#!/usr/bin/env python3
"""Builds and tests the Go binding (bindings/go) against the just-built
library: a generated isconform.pc points cgo at the source headers and the
build's lib directory; no module is downloaded (GOPROXY=off, standard library
only), and the Go caches live in a scratch directory of the build tree.

usage: go_test.py GO BINDING_DIR INCLUDE_DIR LIB_DIR SCRATCH_DIR
"""
import os
import shutil
import subprocess
import sys


def main():
    go, binding, include, libdir, scratch = [os.path.abspath(a) if i else a for i, a in enumerate(sys.argv[1:6])]
    pc_dir = os.path.join(scratch, "pkgconfig")
    os.makedirs(pc_dir, exist_ok=True)
    with open(os.path.join(pc_dir, "isconform.pc"), "w") as f:
        f.write("Name: isconform\nDescription: isconform (build tree)\nVersion: 0.1.0\n"
                "Cflags: -I%s\nLibs: -L%s -lisconform\n" % (include, libdir))
    env = dict(os.environ)
    env.update({
        "PKG_CONFIG_PATH": pc_dir,
        "LD_LIBRARY_PATH": libdir + (":" + env["LD_LIBRARY_PATH"] if env.get("LD_LIBRARY_PATH") else ""),
        "CGO_ENABLED": "1",
        "GO111MODULE": "on",
        "GOFLAGS": "-mod=mod",
        "GOPROXY": "off",
        "GOSUMDB": "off",
        "GONOSUMDB": "*",
        "GOTOOLCHAIN": "local",
        "GOENV": "off",
        "GOCACHE": os.path.join(scratch, "cache"),
        "GOPATH": os.path.join(scratch, "gopath"),
        "GOMODCACHE": os.path.join(scratch, "gopath", "pkg", "mod"),
        "GOTMPDIR": "",
        "HOME": scratch,
    })
    for cmd in (["vet", "./..."], ["build", "./..."], ["test", "-count=1", "-v", "./..."]):
        print("+ go " + " ".join(cmd), flush=True)
        p = subprocess.run([go] + cmd, cwd=binding, env=env)
        if p.returncode != 0:
            return p.returncode
    # Nothing may be downloaded or written next to the sources.
    mod = os.path.join(scratch, "gopath", "pkg", "mod")
    if os.path.isdir(mod) and any(n != "cache" for n in os.listdir(mod)):
        print("modules were downloaded into %s" % mod)
        return 1
    for name in ("go.sum", "webhook"):
        if os.path.exists(os.path.join(binding, name)):
            print("unexpected file %s in the binding" % name)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
