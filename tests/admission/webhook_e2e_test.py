#!/usr/bin/env python3
"""`isconform serve` end to end over real TLS.

Makes a CA and a server certificate with openssl, starts the server on a
loopback port and talks to it with curl --cacert (and Python's ssl module
where a client must misbehave: slow uploads, old TLS versions).

usage: webhook_e2e_test.py ISCONFORM [unittest options]
"""
import http.client
import json
import os
import re
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import threading
import time
import unittest
import warnings

ISCONFORM = None
UID = "705ab4f5-6393-11e8-b7cc-42010a800002"
HOST = "isconform.isconform.svc"  # the certificate's name; curl --resolve maps it to loopback

IS_KIND = {"group": "image.openshift.io", "version": "v1", "kind": "ImageStream"}
IS_RESOURCE = {"group": "image.openshift.io", "version": "v1", "resource": "imagestreams"}


def review(operation, obj=None, old=None, sub_resource=None, uid=UID, kind=IS_KIND, resource=IS_RESOURCE,
           api="admission.k8s.io/v1"):
    req = {"uid": uid, "kind": kind, "resource": resource, "namespace": "demo", "operation": operation}
    if sub_resource:
        req["subResource"] = sub_resource
    if obj is not None:
        req["object"] = obj
    if old is not None:
        req["oldObject"] = old
    return {"apiVersion": api, "kind": "AdmissionReview", "request": req}


def stream(name="app", spec=None, **meta):
    m = {"name": name, "namespace": "demo"}
    m.update(meta)
    return {"apiVersion": "image.openshift.io/v1", "kind": "ImageStream", "metadata": m,
            "spec": spec if spec is not None else {}}


GOOD_SPEC = {"tags": [{"name": "latest", "from": {"kind": "DockerImage", "name": "quay.io/demo/app:1.0"}}]}


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, capture_output=True, **kw)


def make_pki(d, cn_suffix=""):
    """A CA and a server certificate for HOST, localhost and 127.0.0.1 (ECDSA P-256)."""
    ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
    if not os.path.exists(os.path.join(d, "ca.crt")):
        run(["openssl", "req", "-x509", *ec, "-keyout", os.path.join(d, "ca.key"), "-out", os.path.join(d, "ca.crt"),
             "-days", "2", "-subj", "/CN=isconform-test-ca"])
    run(["openssl", "req", *ec, "-keyout", os.path.join(d, "server.key.new"), "-out", os.path.join(d, "server.csr"),
         "-subj", "/CN=isconform-webhook" + cn_suffix])
    with open(os.path.join(d, "ext"), "w") as f:
        f.write("subjectAltName=DNS:%s,DNS:localhost,IP:127.0.0.1\n" % HOST)
    run(["openssl", "x509", "-req", "-in", os.path.join(d, "server.csr"), "-CA", os.path.join(d, "ca.crt"),
         "-CAkey", os.path.join(d, "ca.key"), "-CAcreateserial", "-out", os.path.join(d, "server.crt.new"),
         "-days", "2", "-extfile", os.path.join(d, "ext")])
    # Both files replaced by rename, as a Secret volume update does.
    os.replace(os.path.join(d, "server.key.new"), os.path.join(d, "server.key"))
    os.replace(os.path.join(d, "server.crt.new"), os.path.join(d, "server.crt"))


class Server:
    """One `isconform serve` process; its JSON log lines are collected."""

    def __init__(self, d, *extra, tls=True):
        self.dir = d
        args = [ISCONFORM, "serve", "--listen", "127.0.0.1:0", "--log-level", "debug", *extra]
        if tls:
            args += ["--tls-cert", os.path.join(d, "server.crt"), "--tls-key", os.path.join(d, "server.key")]
        else:
            args += ["--plain-http"]
        self.proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        self.logs = []
        self.lock = threading.Lock()
        self.listening = threading.Event()
        self.port = None
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()
        if not self.listening.wait(20):
            self.proc.kill()
            raise RuntimeError("server did not start: %s" % self.logs)

    def _read(self):
        for line in self.proc.stderr:
            try:
                entry = json.loads(line)
            except ValueError:
                entry = {"raw": line}
            with self.lock:
                self.logs.append(entry)
            if entry.get("msg") == "listening":
                self.port = int(entry["address"].rsplit(":", 1)[1])
                self.listening.set()

    def log_entries(self, msg=None):
        with self.lock:
            return [e for e in self.logs if msg is None or e.get("msg") == msg]

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.reader.join(10)
        self.proc.stderr.close()

    def curl(self, path, body=None, method=None, extra=()):
        """(status, body bytes) through curl --cacert over TLS."""
        url = "https://%s:%d%s" % (HOST, self.port, path)
        cmd = ["curl", "-sS", "--cacert", os.path.join(self.dir, "ca.crt"), "--resolve",
               "%s:%d:127.0.0.1" % (HOST, self.port), "-o", "-", "-w", "\n%{http_code}", *extra]
        if method:
            cmd += ["-X", method]
        inp = None
        if body is not None:
            cmd += ["-H", "Content-Type: application/json", "--data-binary", "@-"]
            inp = body if isinstance(body, bytes) else json.dumps(body).encode()
        p = subprocess.run(cmd + [url], input=inp, capture_output=True, timeout=60)
        if p.returncode != 0:
            raise RuntimeError("curl failed (%d): %s" % (p.returncode, p.stderr.decode()))
        out, _, code = p.stdout.rpartition(b"\n")
        return int(code), out

    def ssl_context(self):
        ctx = ssl.create_default_context(cafile=os.path.join(self.dir, "ca.crt"))
        return ctx

    def connect(self, ctx=None):
        raw = socket.create_connection(("127.0.0.1", self.port), timeout=30)
        return (ctx or self.ssl_context()).wrap_socket(raw, server_hostname=HOST)


def read_response(sock):
    """Reads one HTTP/1.1 response with Content-Length from a socket: (status, headers, body)."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            raise ConnectionError("closed before the response headers: %r" % data)
        data += chunk
    head, _, rest = data.partition(b"\r\n\r\n")
    lines = head.decode().split("\r\n")
    status = int(lines[0].split()[1])
    headers = {k.lower(): v.strip() for k, v in (l.split(":", 1) for l in lines[1:])}
    n = int(headers.get("content-length", "0"))
    while len(rest) < n:
        chunk = sock.recv(65536)
        if not chunk:
            break
        rest += chunk
    return status, headers, rest[:n]


class WebhookTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory(prefix="isc-webhook-")
        make_pki(cls.tmp.name)
        cls.server = Server(cls.tmp.name, "--cert-check-interval", "1", "--read-timeout", "2", "--idle-timeout", "3")

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        cls.tmp.cleanup()

    def answer(self, body):
        code, out = self.server.curl("/validate", body)
        self.assertEqual(code, 200, out)
        return json.loads(out)

    # ---------------------------------------------------------------- reviews

    def test_allowed(self):
        _, raw = self.server.curl("/validate", review("CREATE", stream(spec=GOOD_SPEC)))
        self.assertEqual(raw, ('{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","response":'
                               '{"uid":"%s","allowed":true}}' % UID).encode())

    def test_denied_with_exact_causes(self):
        spec = {"tags": [{"name": "a", "referencePolicy": {"type": "local"}},
                         {"name": "b", "from": {"kind": "DockerImage", "name": "Quay.io/App"}}]}
        got = self.answer(review("CREATE", stream("Bad_Name", spec)))
        self.assertEqual(got["response"]["uid"], UID)
        self.assertFalse(got["response"]["allowed"])
        status = got["response"]["status"]
        self.assertEqual(status["code"], 422)
        self.assertEqual(status["reason"], "Invalid")
        self.assertEqual(status["details"]["name"], "Bad_Name")
        self.assertEqual(status["details"]["group"], "image.openshift.io")
        self.assertEqual(status["details"]["kind"], "ImageStream")
        self.assertEqual(status["details"]["causes"], [
            {"reason": "FieldValueInvalid", "message": 'Invalid value: "Bad_Name": must match "[a-z0-9]+(?:[._-][a-z0-9]+)*"',
             "field": "metadata.name"},
            {"reason": "FieldValueInvalid", "message": 'Invalid value: "local": valid values are "Source", "Local"',
             "field": "spec.tags[a].referencePolicy.type"},
            {"reason": "FieldValueInvalid", "message": 'Invalid value: "Quay.io/App": repository name must be lowercase',
             "field": "spec.tags[b].from.name"},
        ])
        self.assertEqual(status["message"],
                         'ImageStream.image.openshift.io "Bad_Name" is invalid: ['
                         'metadata.name: Invalid value: "Bad_Name": must match "[a-z0-9]+(?:[._-][a-z0-9]+)*", '
                         'spec.tags[a].referencePolicy.type: Invalid value: "local": valid values are "Source", "Local", '
                         'spec.tags[b].from.name: Invalid value: "Quay.io/App": repository name must be lowercase]')

    def test_warnings(self):
        tags = [{"name": "t/%d" % i} for i in range(25)]
        got = self.answer(review("CREATE", stream(spec={"dockerImageRepository": "quay.io/demo/app", "tags": tags})))
        self.assertTrue(got["response"]["allowed"])
        warnings = got["response"]["warnings"]
        self.assertEqual(len(warnings), 21)
        self.assertEqual(warnings[0], "spec.dockerImageRepository: deprecated since OpenShift 3.7; set the source of "
                                      "each tag in spec.tags[].from instead [W2]")
        self.assertEqual(warnings[-1], "6 more warnings not shown")
        for w in warnings:
            self.assertLess(len(w), 120, w)
            self.assertFalse(w.startswith("Warning:"), w)
        self.assertLessEqual(sum(len(w) for w in warnings), 4096)

    def test_status_subresource(self):
        meta = {"resourceVersion": "5"}
        old = stream(spec=GOOD_SPEC, **meta)
        new = stream(spec=GOOD_SPEC, **meta)
        new["status"] = {"dockerImageRepository": "", "tags": [{"tag": "latest", "items": [
            {"created": "2024-01-01T00:00:00Z", "dockerImageReference": "Not a Reference", "image": "sha256:aa",
             "generation": 1}]}]}
        got = self.answer(review("UPDATE", new, old, sub_resource="status"))
        self.assertFalse(got["response"]["allowed"])
        causes = got["response"]["status"]["details"]["causes"]
        self.assertEqual([c["field"] for c in causes], ["status.tags[latest].items[0].dockerImageReference"])
        # The main resource ignores the status: the same body is allowed there.
        self.assertTrue(self.answer(review("UPDATE", new, old))["response"]["allowed"])

    def test_delete_and_wrong_kind_are_allowed(self):
        bad = stream("Bad_Name")
        self.assertTrue(self.answer(review("DELETE", old=bad))["response"]["allowed"])
        deployment = review("CREATE", {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "X_Y"}},
                            kind={"group": "apps", "version": "v1", "kind": "Deployment"},
                            resource={"group": "apps", "version": "v1", "resource": "deployments"})
        self.assertEqual(self.answer(deployment)["response"], {"uid": UID, "allowed": True})

    def test_v1beta1(self):
        got = self.answer(review("CREATE", stream(spec=GOOD_SPEC), api="admission.k8s.io/v1beta1"))
        self.assertEqual(got["apiVersion"], "admission.k8s.io/v1beta1")
        self.assertTrue(got["response"]["allowed"])

    def test_malformed_json(self):
        code, raw = self.server.curl("/validate", b'{"apiVersion":"admission.k8s.io/v1","request":{"uid":"u-9",')
        self.assertEqual(code, 200)
        got = json.loads(raw)
        self.assertEqual(got["response"]["uid"], "u-9")
        self.assertFalse(got["response"]["allowed"])
        self.assertEqual(got["response"]["status"]["code"], 400)
        self.assertEqual(got["response"]["status"]["reason"], "BadRequest")
        self.assertTrue(got["response"]["status"]["message"].startswith("malformed AdmissionReview: the body is not JSON"))

    def test_oversized_body(self):
        body = b'{"pad":"' + b"x" * (3 * 1024 * 1024) + b'"}'
        code, raw = self.server.curl("/validate", body)
        self.assertEqual(code, 413)
        status = json.loads(raw)
        self.assertEqual(status["code"], 413)
        self.assertEqual(status["reason"], "RequestEntityTooLarge")
        # A body at the limit is read (and answered as a malformed review).
        at_limit = b'{"pad":"' + b"x" * (3 * 1024 * 1024 - 10) + b'"}'
        code, raw = self.server.curl("/validate", at_limit)
        self.assertEqual(code, 200)
        self.assertEqual(json.loads(raw)["response"]["status"]["message"], "malformed AdmissionReview: apiVersion is "
                         "missing (expected admission.k8s.io/v1 or admission.k8s.io/v1beta1)")

    def test_oversized_chunked_body(self):
        # Without Content-Length the body is read in chunks and refused once
        # it passes the limit: 64 MB sent, the server's memory stays small.
        chunked = ("-H", "Transfer-Encoding: chunked")
        code, raw = self.server.curl("/validate", b'{"pad":"' + b"x" * (64 << 20) + b'"}', extra=chunked)
        self.assertEqual(code, 413)
        self.assertEqual(json.loads(raw)["reason"], "RequestEntityTooLarge")
        with open("/proc/%d/status" % self.server.proc.pid) as f:
            hwm_kib = int(next(l for l in f if l.startswith("VmHWM:")).split()[1])
        # Under ASan the quarantine of freed memory inflates RSS: the bound
        # is checked by the plain build (scripts/sanitize.sh sets ISC_SANITIZED).
        if not os.environ.get("ISC_SANITIZED"):
            self.assertLess(hwm_kib, 48 * 1024)
        code, raw = self.server.curl("/validate", review("CREATE", stream(spec=GOOD_SPEC)), extra=chunked)
        self.assertEqual(code, 200)
        self.assertTrue(json.loads(raw)["response"]["allowed"])

    def test_methods_and_paths(self):
        code, raw = self.server.curl("/validate")
        self.assertEqual(code, 405)
        self.assertEqual(json.loads(raw)["reason"], "MethodNotAllowed")
        code, raw = self.server.curl("/nope")
        self.assertEqual(code, 404)
        self.assertEqual(json.loads(raw)["reason"], "NotFound")
        self.assertEqual(self.server.curl("/healthz"), (200, b"ok\n"))
        self.assertEqual(self.server.curl("/readyz"), (200, b"ok\n"))

    def test_metrics(self):
        self.answer(review("CREATE", stream(spec=GOOD_SPEC)))
        self.answer(review("CREATE", stream("Bad_Name")))
        code, raw = self.server.curl("/metrics")
        self.assertEqual(code, 200)
        text = raw.decode()
        samples = {}
        for line in text.splitlines():
            if line.startswith("#"):
                self.assertRegex(line, r"^# (HELP|TYPE) isconform_[a-z_]+ ")
                continue
            name, value = line.rsplit(" ", 1)
            samples[name] = float(value)
        self.assertGreaterEqual(samples['isconform_admission_requests_total{outcome="allowed"}'], 1)
        self.assertGreaterEqual(samples['isconform_admission_requests_total{outcome="denied"}'], 1)
        self.assertEqual(samples["isconform_admission_requests_in_flight"], 0)
        count = samples["isconform_admission_request_duration_seconds_count"]
        self.assertEqual(samples['isconform_admission_request_duration_seconds_bucket{le="+Inf"}'], count)
        self.assertGreaterEqual(count, 2)
        buckets = [v for k, v in samples.items() if k.startswith("isconform_admission_request_duration_seconds_bucket")]
        self.assertEqual(buckets, sorted(buckets))
        self.assertGreater(samples["isconform_tls_certificate_not_after_seconds"], time.time())

    def test_access_log(self):
        self.answer(review("CREATE", stream(spec=GOOD_SPEC), uid="log-me-1"))
        deadline = time.time() + 5
        while time.time() < deadline:
            entries = [e for e in self.server.log_entries("request") if e.get("uid") == "log-me-1"]
            if entries:
                break
            time.sleep(0.05)
        self.assertEqual(len(entries), 1)
        e = entries[0]
        self.assertEqual((e["level"], e["method"], e["path"], e["status"], e["outcome"]),
                         ("info", "POST", "/validate", 200, "allowed"))
        self.assertIsInstance(e["duration_ms"], float)
        self.assertRegex(e["time"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")
        self.assertTrue(e["remote"].startswith("127.0.0.1:"))

    # ---------------------------------------------------------------- TLS

    def test_old_tls_versions_are_refused(self):
        ctx = self.server.ssl_context()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            ctx.minimum_version = ssl.TLSVersion.TLSv1
            ctx.maximum_version = ssl.TLSVersion.TLSv1_1
        try:
            ctx.set_ciphers("ALL:@SECLEVEL=0")
        except ssl.SSLError:
            pass
        with self.assertRaises((ssl.SSLError, ConnectionError, OSError)):
            self.server.connect(ctx).close()
        for version in (ssl.TLSVersion.TLSv1_2, ssl.TLSVersion.TLSv1_3):
            ctx = self.server.ssl_context()
            ctx.minimum_version = ctx.maximum_version = version
            s = self.server.connect(ctx)
            self.assertEqual(s.version(), {ssl.TLSVersion.TLSv1_2: "TLSv1.2", ssl.TLSVersion.TLSv1_3: "TLSv1.3"}[version])
            s.close()

    def test_slow_client_is_cut_and_others_are_served(self):
        s = self.server.connect()
        s.sendall(b"POST /validate HTTP/1.1\r\nHost: x\r\nContent-Length: 500\r\n\r\n{\"apiVersion\"")
        t0 = time.time()
        # Meanwhile a normal client is answered at once.
        self.assertTrue(self.answer(review("CREATE", stream(spec=GOOD_SPEC)))["response"]["allowed"])
        self.assertLess(time.time() - t0, 1.5)
        # The stalled upload is dropped after the read timeout (2 s).
        s.settimeout(15)
        try:
            data = s.recv(65536)
        except (ConnectionError, ssl.SSLError, OSError):
            data = b""
        elapsed = time.time() - t0
        self.assertGreaterEqual(elapsed, 1.5)
        self.assertLess(elapsed, 10)
        self.assertFalse(data.startswith(b"HTTP/1.1 200"), data)
        s.close()

    def test_certificate_reload(self):
        def served_cert():
            s = self.server.connect()
            der = s.getpeercert(binary_form=True)
            s.close()
            return der

        def rotated():
            return [e for e in self.server.log_entries("certificate reloaded") if "-rotated" in e["subject"]]

        before = served_cert()
        time.sleep(1.1)  # a different mtime even on coarse clocks
        make_pki(self.tmp.name, cn_suffix="-rotated")
        with open(os.path.join(self.tmp.name, "server.crt")) as f:
            new_der = ssl.PEM_cert_to_DER_cert(f.read())
        deadline = time.time() + 10
        while time.time() < deadline and not rotated():
            time.sleep(0.1)
        self.assertEqual(len(rotated()), 1)
        after = served_cert()
        self.assertNotEqual(before, after)
        self.assertEqual(after, new_der)
        self.assertIn("CN=isconform-webhook-rotated", rotated()[0]["subject"])
        # Requests keep working with the new certificate.
        self.assertTrue(self.answer(review("CREATE", stream(spec=GOOD_SPEC)))["response"]["allowed"])

    def test_broken_certificate_keeps_the_old_one(self):
        with open(os.path.join(self.tmp.name, "server.crt"), "rb") as f:
            good = f.read()
        failures = len(self.server.log_entries("certificate reload failed; serving the previous certificate"))
        time.sleep(1.1)
        with open(os.path.join(self.tmp.name, "server.crt.tmp"), "wb") as f:
            f.write(b"not a certificate\n")
        os.replace(os.path.join(self.tmp.name, "server.crt.tmp"), os.path.join(self.tmp.name, "server.crt"))
        try:
            deadline = time.time() + 10
            while time.time() < deadline and len(self.server.log_entries(
                    "certificate reload failed; serving the previous certificate")) == failures:
                time.sleep(0.1)
            self.assertEqual(len(self.server.log_entries(
                "certificate reload failed; serving the previous certificate")), failures + 1)
            self.assertTrue(self.answer(review("CREATE", stream(spec=GOOD_SPEC)))["response"]["allowed"])
        finally:
            reloads = len(self.server.log_entries("certificate reloaded"))
            with open(os.path.join(self.tmp.name, "server.crt.tmp"), "wb") as f:
                f.write(good)
            os.replace(os.path.join(self.tmp.name, "server.crt.tmp"), os.path.join(self.tmp.name, "server.crt"))
            # The repaired file is taken up again.
            deadline = time.time() + 10
            while time.time() < deadline and len(self.server.log_entries("certificate reloaded")) == reloads:
                time.sleep(0.1)
            self.assertEqual(len(self.server.log_entries("certificate reloaded")), reloads + 1)

    # ---------------------------------------------------------------- load

    def test_concurrent_clients(self):
        """64 clients on keep-alive connections, 25 reviews each, every answer checked."""
        bodies = [
            (json.dumps(review("CREATE", stream(spec=GOOD_SPEC), uid="c-%s")), True),
            (json.dumps(review("CREATE", stream("Bad_Name"), uid="c-%s")), False),
        ]
        errors = []

        def client(n):
            conn = None
            try:
                conn = http.client.HTTPSConnection("127.0.0.1", self.server.port, timeout=60,
                                                   context=self.server.ssl_context())
                # The certificate names HOST: check it while connecting to loopback.
                conn.sock = self.server.connect()
                for i in range(25):
                    body, ok = bodies[(n + i) % 2]
                    uid = "%d-%d" % (n, i)
                    conn.request("POST", "/validate", body=(body % uid).encode(),
                                 headers={"Content-Type": "application/json"})
                    resp = conn.getresponse()
                    got = json.loads(resp.read())
                    if resp.status != 200 or got["response"]["uid"] == "" or \
                            got["response"]["uid"] != "c-" + uid or got["response"]["allowed"] != ok:
                        errors.append((n, i, resp.status, got))
                conn.close()
            except Exception as e:  # noqa: BLE001 - collected and reported
                errors.append((n, repr(e)))
                if conn:
                    conn.close()

        threads = [threading.Thread(target=client, args=(n,)) for n in range(64)]
        t0 = time.time()
        for t in threads:
            t.start()
        for t in threads:
            t.join(120)
        self.assertEqual(errors, [])
        self.assertLess(time.time() - t0, 60)


class PlainHttpTest(unittest.TestCase):
    def test_plain_http_behind_the_flag(self):
        with tempfile.TemporaryDirectory(prefix="isc-webhook-") as d:
            server = Server(d, tls=False)
            try:
                conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
                conn.request("POST", "/validate", body=json.dumps(review("CREATE", stream(spec=GOOD_SPEC))))
                resp = conn.getresponse()
                self.assertEqual(resp.status, 200)
                self.assertTrue(json.loads(resp.read())["response"]["allowed"])
            finally:
                server.stop()
            self.assertEqual(server.proc.returncode, 0)
        # Without the flag, certificates are required.
        p = subprocess.run([ISCONFORM, "serve", "--listen", "127.0.0.1:0"], capture_output=True, text=True)
        self.assertEqual(p.returncode, 2)
        self.assertIn("--tls-cert and --tls-key are required", p.stderr)


class ShutdownTest(unittest.TestCase):
    def test_sigterm_lets_in_flight_requests_finish(self):
        with tempfile.TemporaryDirectory(prefix="isc-webhook-") as d:
            make_pki(d)
            server = Server(d, "--shutdown-delay", "1", "--read-timeout", "10")
            body = json.dumps(review("CREATE", stream(spec=GOOD_SPEC), uid="in-flight")).encode()
            # Three uploads in flight: headers and half of each body sent.
            socks = []
            for _ in range(3):
                s = server.connect()
                s.sendall(b"POST /validate HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                          b"Content-Length: %d\r\n\r\n" % len(body) + body[:len(body) // 2])
                socks.append(s)
            time.sleep(0.3)
            t0 = time.time()
            server.proc.send_signal(signal.SIGTERM)
            # During the shutdown delay the pod reports not ready.
            time.sleep(0.3)
            self.assertEqual(server.curl("/readyz"), (503, b"shutting down\n"))
            # The in-flight requests complete.
            for s in socks:
                s.sendall(body[len(body) // 2:])
                status, _, raw = read_response(s)
                self.assertEqual(status, 200)
                got = json.loads(raw)
                self.assertEqual(got["response"], {"uid": "in-flight", "allowed": True})
                s.close()
            server.proc.wait(30)
            self.assertEqual(server.proc.returncode, 0)
            self.assertGreaterEqual(time.time() - t0, 1.0)  # the readiness delay was honoured
            # The listener is closed.
            with self.assertRaises(OSError):
                socket.create_connection(("127.0.0.1", server.port), timeout=2).close()
            server.stop()
            msgs = [e.get("msg") for e in server.log_entries()]
            self.assertIn("shutting down", msgs)
            self.assertEqual(msgs[-1], "stopped")
            self.assertEqual(server.log_entries("stopped")[0]["clean"], True)


if __name__ == "__main__":
    ISCONFORM = os.path.abspath(sys.argv.pop(1))
    unittest.main(verbosity=2)
