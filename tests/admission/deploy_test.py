#!/usr/bin/env python3
"""The deployment manifests of deploy/: every file parses, and the references
between them hold (names, namespaces, ports, paths, labels, files, Secret and
ConfigMap keys). The configuration files the ConfigMap carries are loaded by
`isconform admit`, so a typo there fails here and not in the cluster.

usage: deploy_test.py DEPLOY_DIR ISCONFORM
"""
import glob
import json
import os
import subprocess
import sys
import tempfile
import unittest

import yaml

DEPLOY = None
ISCONFORM = None


def load_dir(d):
    docs = []
    for path in sorted(glob.glob(os.path.join(d, "*.yaml"))):
        with open(path) as f:
            for doc in yaml.safe_load_all(f):
                if doc is not None:
                    docs.append((os.path.basename(path), doc))
    return docs


def subset(small, big):
    return all(big.get(k) == v for k, v in small.items())


class DeployTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.docs = load_dir(DEPLOY)
        cls.by_kind = {}
        for _, d in cls.docs:
            cls.by_kind.setdefault(d["kind"], []).append(d)

    def one(self, kind):
        items = self.by_kind.get(kind, [])
        self.assertEqual(len(items), 1, kind)
        return items[0]

    def test_every_manifest_is_an_object(self):
        self.assertGreater(len(self.docs), 5)
        for name, d in self.docs + load_dir(os.path.join(DEPLOY, "cert-manager")):
            self.assertIsInstance(d, dict, name)
            self.assertIn("apiVersion", d, name)
            self.assertIn("kind", d, name)
            if d["kind"] != "Kustomization":
                self.assertIn("name", d.get("metadata", {}), name)

    def test_kustomizations_list_existing_files(self):
        for d in (DEPLOY, os.path.join(DEPLOY, "cert-manager")):
            with open(os.path.join(d, "kustomization.yaml")) as f:
                k = yaml.safe_load(f)
            for r in k["resources"]:
                self.assertTrue(os.path.exists(os.path.join(d, r)), r)
        with open(os.path.join(DEPLOY, "kustomization.yaml")) as f:
            listed = set(yaml.safe_load(f)["resources"])
        files = {os.path.basename(p) for p in glob.glob(os.path.join(DEPLOY, "*.yaml"))} - {"kustomization.yaml"}
        self.assertEqual(listed, files)

    def test_namespaces(self):
        ns = self.one("Namespace")["metadata"]["name"]
        for _, d in self.docs:
            if d["kind"] in ("Namespace", "ValidatingWebhookConfiguration", "Kustomization"):
                continue
            self.assertEqual(d["metadata"].get("namespace"), ns, d["kind"])

    def test_deployment(self):
        dep = self.one("Deployment")
        spec = dep["spec"]
        self.assertEqual(spec["replicas"], 2)
        pod = spec["template"]
        self.assertTrue(subset(spec["selector"]["matchLabels"], pod["metadata"]["labels"]))
        ps = pod["spec"]
        self.assertTrue(ps["securityContext"]["runAsNonRoot"])
        self.assertEqual(ps["serviceAccountName"], self.one("ServiceAccount")["metadata"]["name"])
        self.assertEqual(len(ps["containers"]), 1)
        c = ps["containers"][0]
        sc = c["securityContext"]
        self.assertTrue(sc["readOnlyRootFilesystem"])
        self.assertTrue(sc["runAsNonRoot"])
        self.assertFalse(sc["allowPrivilegeEscalation"])
        self.assertEqual(sc["capabilities"]["drop"], ["ALL"])
        self.assertIn("cpu", c["resources"]["requests"])
        self.assertIn("memory", c["resources"]["requests"])
        ports = {p["name"]: p["containerPort"] for p in c["ports"]}
        args = dict(a[2:].split("=", 1) for a in c["args"] if a.startswith("--") and "=" in a)
        self.assertEqual(c["args"][0], "serve")
        self.assertEqual(int(args["listen"].rsplit(":", 1)[1]), ports["https"])
        # Probes hit the server's paths over TLS on its port.
        for probe, path in (("readinessProbe", "/readyz"), ("livenessProbe", "/healthz")):
            g = c[probe]["httpGet"]
            self.assertEqual(g["path"], path)
            self.assertEqual(g["scheme"], "HTTPS")
            self.assertIn(g["port"], list(ports) + list(ports.values()))
        # The shutdown delay fits in the grace period.
        self.assertLess(int(args.get("shutdown-delay", "0")), ps["terminationGracePeriodSeconds"])
        # Files come from the mounted volumes.
        mounts = {m["name"]: m["mountPath"] for m in c["volumeMounts"]}
        volumes = {v["name"]: v for v in ps["volumes"]}
        self.assertEqual(set(mounts), set(volumes))

        def source(path):
            for name, mount in mounts.items():
                if path.startswith(mount.rstrip("/") + "/"):
                    return volumes[name], path[len(mount.rstrip("/")) + 1:]
            self.fail("%s is on no volume" % path)

        tls_vol, cert_key = source(args["tls-cert"])
        tls_vol2, key_key = source(args["tls-key"])
        self.assertIs(tls_vol, tls_vol2)
        self.assertEqual((cert_key, key_key), ("tls.crt", "tls.key"))  # kubernetes.io/tls Secret keys
        secret = tls_vol["secret"]["secretName"]
        svc = self.one("Service")
        self.assertEqual(svc["metadata"]["annotations"]["service.beta.openshift.io/serving-cert-secret-name"], secret)
        cm = self.one("ConfigMap")
        for flag in ("environment", "config"):
            vol, key = source(args[flag])
            self.assertEqual(vol["configMap"]["name"], cm["metadata"]["name"])
            self.assertIn(key, cm["data"])

    def test_service_selects_the_pods(self):
        svc = self.one("Service")
        dep = self.one("Deployment")
        labels = dep["spec"]["template"]["metadata"]["labels"]
        self.assertTrue(subset(svc["spec"]["selector"], labels))
        container_ports = {p["name"]: p["containerPort"] for p in dep["spec"]["template"]["spec"]["containers"][0]["ports"]}
        for p in svc["spec"]["ports"]:
            self.assertIn(p["targetPort"], list(container_ports) + list(container_ports.values()))
        pdb = self.one("PodDisruptionBudget")
        self.assertTrue(subset(pdb["spec"]["selector"]["matchLabels"], labels))
        self.assertLess(pdb["spec"]["minAvailable"], dep["spec"]["replicas"])

    def test_webhook_configuration(self):
        vwc = self.one("ValidatingWebhookConfiguration")
        svc = self.one("Service")
        svc_ports = [p["port"] for p in svc["spec"]["ports"]]
        self.assertEqual(vwc["metadata"]["annotations"]["service.beta.openshift.io/inject-cabundle"], "true")
        resources, operations = set(), set()
        names = set()
        for w in vwc["webhooks"]:
            self.assertNotIn(w["name"], names)
            names.add(w["name"])
            self.assertEqual(len(w["name"].split(".")), 3, "webhook names are fully qualified")
            self.assertEqual(w["admissionReviewVersions"], ["v1"])
            self.assertEqual(w["sideEffects"], "None")
            self.assertLessEqual(w["timeoutSeconds"], 10)
            self.assertIn(w["failurePolicy"], ("Fail", "Ignore"))
            s = w["clientConfig"]["service"]
            self.assertEqual((s["name"], s["namespace"]), (svc["metadata"]["name"], svc["metadata"]["namespace"]))
            self.assertEqual(s["path"], "/validate")
            self.assertIn(s["port"], svc_ports)
            # The webhook's own namespace is never intercepted.
            expr = w["namespaceSelector"]["matchExpressions"][0]
            self.assertEqual((expr["operator"], expr["values"]), ("NotIn", [svc["metadata"]["namespace"]]))
            for r in w["rules"]:
                self.assertEqual(r["apiGroups"], ["image.openshift.io"])
                self.assertEqual(r["apiVersions"], ["v1"])
                resources.update(r["resources"])
                operations.update(r["operations"])
        self.assertEqual(resources, {"imagestreams", "imagestreams/status"})
        self.assertEqual(operations, {"CREATE", "UPDATE"})

    def test_cert_manager_variant(self):
        docs = load_dir(os.path.join(DEPLOY, "cert-manager"))
        certs = [d for _, d in docs if d["kind"] == "Certificate" and not d["spec"].get("isCA")]
        self.assertEqual(len(certs), 1)
        cert = certs[0]
        svc = self.one("Service")
        dep = self.one("Deployment")
        secret = [v for v in dep["spec"]["template"]["spec"]["volumes"] if "secret" in v][0]["secret"]["secretName"]
        self.assertEqual(cert["spec"]["secretName"], secret)
        host = "%s.%s.svc" % (svc["metadata"]["name"], svc["metadata"]["namespace"])
        self.assertIn(host, cert["spec"]["dnsNames"])
        issuers = {d["metadata"]["name"] for _, d in docs if d["kind"] == "Issuer"}
        for _, d in docs:
            if d["kind"] == "Certificate":
                self.assertIn(d["spec"]["issuerRef"]["name"], issuers)
        with open(os.path.join(DEPLOY, "cert-manager", "kustomization.yaml")) as f:
            k = yaml.safe_load(f)
        injected = [p for p in k["patches"] if p["target"]["kind"] == "ValidatingWebhookConfiguration"][0]
        ops = yaml.safe_load(injected["patch"])
        inject = [o for o in ops if o["op"] == "add"][0]
        self.assertEqual(inject["value"], "%s/%s" % (cert["metadata"]["namespace"], cert["metadata"]["name"]))
        self.assertEqual(injected["target"]["name"], self.one("ValidatingWebhookConfiguration")["metadata"]["name"])

    def test_configuration_files_load(self):
        cm = self.one("ConfigMap")
        with tempfile.TemporaryDirectory() as d:
            for key, text in cm["data"].items():
                with open(os.path.join(d, key), "w") as f:
                    f.write(text)
            review = {"apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview", "request": {
                "uid": "deploy-test", "operation": "CREATE", "namespace": "demo",
                "kind": {"group": "image.openshift.io", "version": "v1", "kind": "ImageStream"},
                "resource": {"group": "image.openshift.io", "version": "v1", "resource": "imagestreams"},
                "object": {"apiVersion": "image.openshift.io/v1", "kind": "ImageStream",
                           "metadata": {"name": "app", "namespace": "demo"},
                           "spec": {"tags": [{"name": "latest", "from": {"kind": "DockerImage", "name": "quay.io/a/b:1"},
                                              "importPolicy": {"insecure": True}}]}}}}
            p = subprocess.run([ISCONFORM, "admit", "--environment", os.path.join(d, "environment.yaml"),
                                "--config", os.path.join(d, "config.yaml"), "-"],
                               input=json.dumps(review), capture_output=True, text=True)
            self.assertEqual(p.returncode, 1, p.stderr)  # the policy of config.yaml denies insecure imports
            got = json.loads(p.stdout)
            self.assertEqual([c["field"] for c in got["response"]["status"]["details"]["causes"]],
                             ["spec.tags[latest].importPolicy.insecure"])


if __name__ == "__main__":
    DEPLOY = sys.argv.pop(1)
    ISCONFORM = os.path.abspath(sys.argv.pop(1))
    unittest.main(verbosity=2)
