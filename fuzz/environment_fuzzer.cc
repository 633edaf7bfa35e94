// The environment option parser (isc_options_set_environment_ex): the input
// is the environment document, JSON or YAML. An accepted environment is
// compiled into a validator that checks ImageStreams whose tags reference
// other streams and registries, so the allow-list and the resolution rules
// run against fuzzed streams and registry patterns.
//
// Oracles: ISC_OK or ISC_EPARSE only; on ISC_EPARSE the message is
// NUL-terminated within the buffer (also when truncated) and the options are
// unchanged: a validator built from them reports exactly what one built from
// the previous environment reports. check_report() on every report.
#include <cstdint>  // uint8_t
#include <cstring>  // strlen, memset, memchr
#include <utility>  // pair, move

#include "fuzz_helpers.hh"

namespace {

// References every kind of tag source the environment influences.
constexpr char kStream[] = R"({"apiVersion": "image.openshift.io/v1", "kind": "ImageStream",
 "metadata": {"name": "app", "namespace": "demo", "resourceVersion": "3"},
 "spec": {"dockerImageRepository": "quay.io/demo/app",
  "tags": [
   {"name": "a", "from": {"kind": "DockerImage", "name": "quay.io/demo/app:1"}, "importPolicy": {"scheduled": true}},
   {"name": "b", "from": {"kind": "DockerImage", "name": "registry.example.com:5000/x/y@sha256:0f3b3c1e7f2d4a5b6c7d8e9f0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d"},
    "importPolicy": {"insecure": true}},
   {"name": "c", "from": {"kind": "ImageStreamTag", "name": "base:latest"}},
   {"name": "d", "from": {"kind": "ImageStreamTag", "name": "tools:latest", "namespace": "fuzz"}},
   {"name": "e", "from": {"kind": "ImageStreamImage", "name": "base@sha256:0f3b3c1e7f2d4a5b6c7d8e9f0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d"}},
   {"name": "f", "from": {"kind": "ImageStreamTag", "name": "a"}, "referencePolicy": {"type": "Local"}},
   {"name": "g", "from": {"kind": "DockerImage", "name": "image-registry.openshift-image-registry.svc:5000/demo/base:latest"}}
  ]}})";

isc_report *new_report() {
  isc_report *r = nullptr;
  FUZZ_ASSERT(isc_report_new(&r) == ISC_OK);
  return r;
}

// Validates kStream with a validator made from `opts`, as a create and as an
// update of itself, and returns both snapshots.
std::pair<isc_fuzz::Snapshot, isc_fuzz::Snapshot> check_stream(const isc_options *opts, isc_report *r) {
  isc_validator *v = nullptr;
  const isc_status st = isc_validator_new(&v, opts);
  FUZZ_ASSERT_MSG(st == ISC_OK, "isc_validator_new failed on an accepted environment: %s", isc_status_str(st));
  FUZZ_ASSERT(isc_validate(v, ISC_OP_CREATE, kStream, sizeof kStream - 1, nullptr, 0, r) == ISC_OK);
  isc_fuzz::Snapshot create = isc_fuzz::snapshot(r);
  isc_fuzz::check_report(create);
  FUZZ_ASSERT(isc_validate(v, ISC_OP_UPDATE, kStream, sizeof kStream - 1, kStream, sizeof kStream - 1, r) == ISC_OK);
  isc_fuzz::Snapshot update = isc_fuzz::snapshot(r);
  isc_fuzz::check_report(update);
  isc_validator_free(v);
  return {std::move(create), std::move(update)};
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static isc_report *report = new_report();
  // What the built-in environment gives: the expectation after a rejected document.
  static const auto baseline = [] {
    isc_options *o = nullptr;
    FUZZ_ASSERT(isc_options_new(&o) == ISC_OK);
    FUZZ_ASSERT(isc_options_set_environment(o, isc_fuzz::kEnvironment, sizeof isc_fuzz::kEnvironment - 1) == ISC_OK);
    auto b = check_stream(o, report);
    isc_options_free(o);
    return b;
  }();

  const char *doc = size ? reinterpret_cast<const char *>(data) : "";
  isc_options *opts = nullptr;
  FUZZ_ASSERT(isc_options_new(&opts) == ISC_OK);
  FUZZ_ASSERT(isc_options_set_environment(opts, isc_fuzz::kEnvironment, sizeof isc_fuzz::kEnvironment - 1) == ISC_OK);

  char err[512];
  std::memset(err, 'x', sizeof err);
  const isc_status st = isc_options_set_environment_ex(opts, doc, size, err, sizeof err);
  FUZZ_ASSERT_MSG(st == ISC_OK || st == ISC_EPARSE, "isc_options_set_environment_ex returned %s", isc_status_str(st));
  if (st == ISC_EPARSE) {
    FUZZ_ASSERT_MSG(std::memchr(err, '\0', sizeof err) != nullptr, "the error message is not NUL-terminated");
    FUZZ_ASSERT_MSG(err[0] != '\0', "ISC_EPARSE without a message");
    // Truncation keeps the terminator inside the buffer.
    char small[9];
    std::memset(small, 'x', sizeof small);
    FUZZ_ASSERT(isc_options_set_environment_ex(opts, doc, size, small, 8) == ISC_EPARSE);
    FUZZ_ASSERT_MSG(std::strlen(small) < 8 && small[8] == 'x', "the truncated message overflows its buffer");
    const auto after = check_stream(opts, report);
    isc_fuzz::assert_same(baseline.first, after.first, "create after a rejected environment");
    isc_fuzz::assert_same(baseline.second, after.second, "update after a rejected environment");
  } else {
    (void)check_stream(opts, report);
    // The plain variant agrees.
    isc_options *again = nullptr;
    FUZZ_ASSERT(isc_options_new(&again) == ISC_OK);
    FUZZ_ASSERT(isc_options_set_environment(again, doc, size) == ISC_OK);
    isc_options_free(again);
  }
  isc_options_free(opts);
  return 0;
}
