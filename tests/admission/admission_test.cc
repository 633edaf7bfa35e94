// isc_admission_review through the public C API: the exact answer for each
// kind of review, the policy configuration and severity overrides, and
// thread safety.
#include <gtest/gtest.h>

#include <isconform/isconform.h>

#include <algorithm>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

namespace {

struct Validator {
  isc_validator *v = nullptr;
  explicit Validator(const std::string &config = "", const std::string &env = "") {
    isc_options *o = nullptr;
    EXPECT_EQ(isc_options_new(&o), ISC_OK);
    isc_options_set_world(o, ISC_WORLD_OPEN);
    char err[512] = "";
    if (!config.empty()) {
      EXPECT_EQ(isc_options_set_config_ex(o, config.data(), config.size(), err, sizeof err), ISC_OK) << err;
    }
    if (!env.empty()) {
      EXPECT_EQ(isc_options_set_environment_ex(o, env.data(), env.size(), err, sizeof err), ISC_OK) << err;
    }
    EXPECT_EQ(isc_validator_new(&v, o), ISC_OK);
    isc_options_free(o);
  }
  ~Validator() { isc_validator_free(v); }
  Validator(const Validator &) = delete;
  Validator &operator=(const Validator &) = delete;

  [[nodiscard]] std::string answer(const std::string &review) const {
    char *out = nullptr;
    size_t len = 0;
    EXPECT_EQ(isc_admission_review(v, review.data(), review.size(), &out, &len), ISC_OK);
    if (!out) return "<null>";
    std::string s(out, len);
    EXPECT_EQ(std::strlen(out), len);
    isc_string_free(out);
    return s;
  }
};

const char kImageStreamKind[] =
    R"("kind":{"group":"image.openshift.io","version":"v1","kind":"ImageStream"},)"
    R"("resource":{"group":"image.openshift.io","version":"v1","resource":"imagestreams"},)";

std::string review(const std::string &op, const std::string &object, const std::string &old = "",
                   const std::string &extra = "", const std::string &api = "admission.k8s.io/v1") {
  std::string r = R"({"apiVersion":")" + api + R"(","kind":"AdmissionReview","request":{"uid":"705ab4f5-6393-11e8-b7cc-42010a800002",)";
  r += kImageStreamKind;
  r += extra;
  r += R"("namespace":"demo","operation":")" + op + "\"";
  if (!object.empty()) r += R"(,"object":)" + object;
  if (!old.empty()) r += R"(,"oldObject":)" + old;
  r += "}}";
  return r;
}

std::string stream(const std::string &name, const std::string &spec, const std::string &meta_extra = "") {
  return R"({"apiVersion":"image.openshift.io/v1","kind":"ImageStream","metadata":{"name":")" + name +
         R"(","namespace":"demo")" + meta_extra + R"(},"spec":)" + spec + "}";
}

const char kUid[] = R"("uid":"705ab4f5-6393-11e8-b7cc-42010a800002")";
std::string allowed(const std::string &tail = "", const char *api = "admission.k8s.io/v1") {
  return std::string(R"({"apiVersion":")") + api + R"(","kind":"AdmissionReview","response":{)" + kUid +
         R"(,"allowed":true)" + tail + "}}";
}
std::string denied(const std::string &status, const std::string &tail = "") {
  return std::string(R"({"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","response":{)") + kUid +
         R"(,"allowed":false,"status":)" + status + tail + "}}";
}
std::string bad_request(const std::string &message) {
  return R"({"metadata":{},"status":"Failure","message":")" + message + R"(","reason":"BadRequest","code":400})";
}

const char kGoodSpec[] = R"({"tags":[{"name":"latest","from":{"kind":"DockerImage","name":"quay.io/demo/app:1.0"}}]})";

TEST(Admission, CreateAllowed) {
  Validator v;
  EXPECT_EQ(v.answer(review("CREATE", stream("app", kGoodSpec))), allowed());
}

TEST(Admission, CreateDeniedWithTheServers422) {
  Validator v;
  std::string spec =
      R"({"tags":[{"name":"a","from":{"kind":"Docker","name":"x"}},)"
      R"({"name":"b","from":{"kind":"DockerImage","name":"quay.io/x/y:1"},"referencePolicy":{"type":"Foo"}}]})";
  std::string got = v.answer(review("CREATE", stream("Bad_Name", spec)));
  EXPECT_EQ(got,
            denied(R"({"metadata":{},"status":"Failure",)"
                   R"("message":"ImageStream.image.openshift.io \"Bad_Name\" is invalid: [)"
                   R"([]: Internal error: imagestreams \"Bad_Name\" is invalid: spec.tags[a].from.name: Invalid value: \"x\": must be of the form \u003ctag\u003e, \u003crepo\u003e:\u003ctag\u003e, \u003cid\u003e, or \u003crepo\u003e@\u003cid\u003e, )"
                   R"(metadata.name: Invalid value: \"Bad_Name\": must match \"[a-z0-9]+(?:[._-][a-z0-9]+)*\", )"
                   R"(spec.tags[a].from.kind: Required value: valid values are 'DockerImage', 'ImageStreamImage', 'ImageStreamTag', )"
                   R"(spec.tags[b].referencePolicy.type: Invalid value: \"Foo\": valid values are \"Source\", \"Local\"]",)"
                   R"("reason":"Invalid","details":{"name":"Bad_Name","group":"image.openshift.io","kind":"ImageStream","causes":[)"
                   R"({"reason":"InternalError","message":"Internal error: imagestreams \"Bad_Name\" is invalid: spec.tags[a].from.name: Invalid value: \"x\": must be of the form \u003ctag\u003e, \u003crepo\u003e:\u003ctag\u003e, \u003cid\u003e, or \u003crepo\u003e@\u003cid\u003e","field":"[]"},)"
                   R"({"reason":"FieldValueInvalid","message":"Invalid value: \"Bad_Name\": must match \"[a-z0-9]+(?:[._-][a-z0-9]+)*\"","field":"metadata.name"},)"
                   R"({"reason":"FieldValueRequired","message":"Required value: valid values are 'DockerImage', 'ImageStreamImage', 'ImageStreamTag'","field":"spec.tags[a].from.kind"},)"
                   R"({"reason":"FieldValueInvalid","message":"Invalid value: \"Foo\": valid values are \"Source\", \"Local\"","field":"spec.tags[b].referencePolicy.type"}]},)"
                   R"("code":422})"));
}

TEST(Admission, SingleErrorIsNotBracketed) {
  Validator v;
  std::string got = v.answer(review("CREATE", stream("app", R"({"tags":[{"name":"a","referencePolicy":{"type":"local"}}]})")));
  EXPECT_EQ(got, denied(R"({"metadata":{},"status":"Failure",)"
                        R"("message":"ImageStream.image.openshift.io \"app\" is invalid: spec.tags[a].referencePolicy.type: Invalid value: \"local\": valid values are \"Source\", \"Local\"",)"
                        R"("reason":"Invalid","details":{"name":"app","group":"image.openshift.io","kind":"ImageStream","causes":[)"
                        R"({"reason":"FieldValueInvalid","message":"Invalid value: \"local\": valid values are \"Source\", \"Local\"","field":"spec.tags[a].referencePolicy.type"}]},"code":422})"));
}

TEST(Admission, WarningsCarryTheRuleId) {
  Validator v;
  std::string spec = R"({"dockerImageRepository":"quay.io/demo/app","tags":[{"name":"latest","from":{"kind":"DockerImage","name":"quay.io/demo/app:1.0"}}]})";
  EXPECT_EQ(v.answer(review("CREATE", stream("app", spec))),
            allowed(R"(,"warnings":["spec.dockerImageRepository: deprecated since OpenShift 3.7; set the source of each tag in spec.tags[].from instead [W2]"])"));
}

TEST(Admission, WarningsAreShortAndBounded) {
  Validator v;
  // 30 unaddressable tag names (W4): long messages, more than 20 warnings.
  std::string tags;
  for (int i = 0; i < 30; ++i) {
    if (i) tags += ",";
    tags += R"({"name":"t/)" + std::to_string(i) + R"("})";
  }
  std::string got = v.answer(review("CREATE", stream("app", R"({"tags":[)" + tags + "]}")));
  EXPECT_NE(got.find(R"("allowed":true)"), std::string::npos) << got;
  size_t begin = got.find(R"("warnings":[)");
  ASSERT_NE(begin, std::string::npos);
  std::string list = got.substr(begin);
  size_t count = 0;
  for (size_t at = list.find("[W4]\""); at != std::string::npos; at = list.find("[W4]\"", at + 1)) ++count;
  EXPECT_EQ(count, 20u);
  EXPECT_NE(list.find(R"("10 more warnings not shown"])"), std::string::npos) << list;
  // Every entry is shorter than 120 characters and the cut is marked.
  EXPECT_NE(list.find(R"("spec.tags[t/0].name: tag name \"t/0\" cannot be addressed as \u003cstream\u003e:\u003ctag\u003e (tags match [A-Za-z0-9_][A-Za-z0-9_.-... [W4]")"),
            std::string::npos)
      << list;
}

TEST(Admission, StatusSubresourceRunsTheStatusRules) {
  Validator v;
  std::string old = R"({"apiVersion":"image.openshift.io/v1","kind":"ImageStream","metadata":{"name":"app","namespace":"demo","resourceVersion":"5","generation":2},)"
                    R"("spec":{"tags":[{"name":"latest","from":{"kind":"DockerImage","name":"quay.io/demo/app:1.0"},"generation":2}]},"status":{"dockerImageRepository":""}})";
  std::string next = R"({"apiVersion":"image.openshift.io/v1","kind":"ImageStream","metadata":{"name":"app","namespace":"demo","resourceVersion":"5","generation":2},)"
                     R"("spec":{"tags":[{"name":"latest","from":{"kind":"DockerImage","name":"quay.io/demo/app:1.0"},"generation":2}]},)"
                     R"("status":{"dockerImageRepository":"","tags":[{"tag":"latest","items":[{"created":"2024-01-01T00:00:00Z","dockerImageReference":"Not a Reference","image":"sha256:aa","generation":2}]}]}})";
  std::string got = v.answer(review("UPDATE", next, old, R"("subResource":"status",)"));
  EXPECT_NE(got.find(R"("allowed":false)"), std::string::npos) << got;
  EXPECT_NE(got.find(R"("field":"status.tags[latest].items[0].dockerImageReference")"), std::string::npos) << got;
  EXPECT_NE(got.find(R"("code":422)"), std::string::npos) << got;
  // The same body as a main-resource update: status is replaced by the stored one.
  EXPECT_EQ(v.answer(review("UPDATE", next, old)), allowed());
}

TEST(Admission, UpdateRunsTheUpdateRules) {
  Validator v;
  std::string old = stream("app", kGoodSpec, R"(,"resourceVersion":"7","uid":"1b5a9c1e-0000-4000-8000-000000000001")");
  std::string next = stream("app", kGoodSpec, R"(,"resourceVersion":"7","uid":"1b5a9c1e-0000-4000-8000-000000000002")");
  std::string got = v.answer(review("UPDATE", next, old));
  // The uid check runs twice on an update (ValidateObjectMetaAccessorUpdate in
  // rest.BeforeUpdate, then ValidateObjectMetaUpdate in the strategy): the
  // message names it once, the causes list both, as the server's 422 does.
  EXPECT_EQ(got, denied(R"({"metadata":{},"status":"Failure",)"
                        R"("message":"ImageStream.image.openshift.io \"app\" is invalid: metadata.uid: Invalid value: \"1b5a9c1e-0000-4000-8000-000000000002\": field is immutable",)"
                        R"("reason":"Invalid","details":{"name":"app","group":"image.openshift.io","kind":"ImageStream","causes":[)"
                        R"({"reason":"FieldValueInvalid","message":"Invalid value: \"1b5a9c1e-0000-4000-8000-000000000002\": field is immutable","field":"metadata.uid"},)"
                        R"({"reason":"FieldValueInvalid","message":"Invalid value: \"1b5a9c1e-0000-4000-8000-000000000002\": field is immutable","field":"metadata.uid"}]},"code":422})"))
      << got;
}

TEST(Admission, UpdateWithoutResourceVersionNamesTheResource) {
  Validator v;
  std::string got = v.answer(review("UPDATE", stream("app", kGoodSpec), stream("app", kGoodSpec, R"(,"resourceVersion":"3")")));
  EXPECT_EQ(got, denied(R"({"metadata":{},"status":"Failure",)"
                        R"("message":"imagestreams.image.openshift.io \"app\" is invalid: metadata.resourceVersion: Invalid value: 0: must be specified for an update",)"
                        R"("reason":"Invalid","details":{"name":"app","group":"image.openshift.io","kind":"imagestreams","causes":[)"
                        R"({"reason":"FieldValueInvalid","message":"Invalid value: 0: must be specified for an update","field":"metadata.resourceVersion"}]},"code":422})"));
}

TEST(Admission, DeleteConnectAndOtherKindsAreAllowedUntouched) {
  Validator v;
  std::string bad = stream("Bad_Name", "{}");
  EXPECT_EQ(v.answer(review("DELETE", "", bad)), allowed());
  EXPECT_EQ(v.answer(review("CONNECT", bad)), allowed());
  std::string deployment =
      R"({"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"705ab4f5-6393-11e8-b7cc-42010a800002",)"
      R"("kind":{"group":"apps","version":"v1","kind":"Deployment"},"resource":{"group":"apps","version":"v1","resource":"deployments"},)"
      R"("operation":"CREATE","object":{"kind":"Deployment","apiVersion":"apps/v1","metadata":{"name":"Bad_Name"}}}})";
  EXPECT_EQ(v.answer(deployment), allowed());
  // A subresource that writes no ImageStream.
  EXPECT_EQ(v.answer(review("CREATE", bad, "", R"("subResource":"secrets",)")), allowed());
}

TEST(Admission, V1beta1IsAnsweredInKind) {
  Validator v;
  EXPECT_EQ(v.answer(review("CREATE", stream("app", kGoodSpec), "", "", "admission.k8s.io/v1beta1")),
            allowed("", "admission.k8s.io/v1beta1"));
}

TEST(Admission, RequestNamespaceFillsAMissingNamespace) {
  Validator v;
  std::string object = R"({"apiVersion":"image.openshift.io/v1","kind":"ImageStream","metadata":{"name":"app"},"spec":{}})";
  EXPECT_EQ(v.answer(review("CREATE", object)), allowed());
  std::string no_ns =
      R"({"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"705ab4f5-6393-11e8-b7cc-42010a800002",)" +
      std::string(kImageStreamKind) + R"("operation":"CREATE","object":)" + object + "}}";
  EXPECT_EQ(v.answer(no_ns),
            denied(R"({"metadata":{},"status":"Failure","message":"ImageStream.image.openshift.io \"app\" is invalid: metadata.namespace: Required value",)"
                   R"("reason":"Invalid","details":{"name":"app","group":"image.openshift.io","kind":"ImageStream","causes":[)"
                   R"({"reason":"FieldValueRequired","message":"Required value","field":"metadata.namespace"}]},"code":422})"));
}

TEST(Admission, DecodingFailuresAreThe400OfTheServer) {
  Validator v;
  std::string unknown = R"({"apiVersion":"image.openshift.io/v1","kind":"ImageStream","metadata":{"name":"app","namespace":"demo","foo":1},"spec":{"tags":[{"name":"a","bar":2}]}})";
  EXPECT_EQ(v.answer(review("CREATE", unknown)),
            denied(bad_request(R"(ImageStream in version \"v1\" cannot be handled as a ImageStream: strict decoding error: unknown field \"metadata.foo\", unknown field \"spec.tags[0].bar\")")));
  std::string type = R"({"apiVersion":"image.openshift.io/v1","kind":"ImageStream","metadata":{"name":"app","namespace":"demo"},"spec":{"tags":"x"}})";
  EXPECT_EQ(v.answer(review("CREATE", type)),
            denied(bad_request(R"(ImageStream in version \"v1\" cannot be handled as a ImageStream: json: cannot unmarshal string into Go struct field ImageStreamSpec.spec.tags of type []v1.TagReference)")));
}

TEST(Admission, MalformedReviews) {
  Validator v;
  auto malformed = [](const std::string &uid, const std::string &what) {
    return R"({"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","response":{"uid":")" + uid +
           R"(","allowed":false,"status":)" + bad_request("malformed AdmissionReview: " + what) + "}}";
  };
  const std::string uid = "705ab4f5-6393-11e8-b7cc-42010a800002";
  EXPECT_EQ(v.answer("not json"), malformed("", "the body is not JSON: invalid character 'o' in literal null (expecting 'u') (at byte 1)"));
  EXPECT_EQ(v.answer(""), malformed("", "the body is not JSON: unexpected end of JSON input (at byte 0)"));
  // The uid is echoed when it could be read before the syntax error.
  EXPECT_EQ(v.answer(R"({"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"abc","object":{)"),
            malformed("abc", "the body is not JSON: unexpected end of JSON input (at byte 94)"));
  EXPECT_EQ(v.answer("[]"), malformed("", "the body is not a JSON object"));
  EXPECT_EQ(v.answer(R"({"kind":"AdmissionReview"})"),
            malformed("", "apiVersion is missing (expected admission.k8s.io/v1 or admission.k8s.io/v1beta1)"));
  EXPECT_EQ(v.answer(R"({"apiVersion":"admission.k8s.io/v2","kind":"AdmissionReview","request":{"uid":"abc"}})"),
            malformed("abc", R"(unsupported apiVersion \"admission.k8s.io/v2\" (expected admission.k8s.io/v1 or admission.k8s.io/v1beta1))"));
  EXPECT_EQ(v.answer(R"({"apiVersion":"admission.k8s.io/v1","kind":"Review"})"),
            malformed("", R"(kind is \"Review\", not AdmissionReview)"));
  EXPECT_EQ(v.answer(R"({"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview"})"), malformed("", "request is missing"));
  EXPECT_EQ(v.answer(R"({"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":7}})"),
            malformed("", "request.uid is missing (a non-empty string)"));
  EXPECT_EQ(v.answer(review("PATCH", stream("app", kGoodSpec))),
            malformed(uid, R"(request.operation \"PATCH\" is not CREATE, UPDATE, DELETE or CONNECT)"));
  EXPECT_EQ(v.answer(review("CREATE", "")), malformed(uid, "request.object is missing"));
  EXPECT_EQ(v.answer(review("UPDATE", stream("app", kGoodSpec))),
            malformed(uid, "request.oldObject is missing (an UPDATE needs the stored object)"));
  EXPECT_EQ(v.answer(R"({"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"abc","operation":"CREATE"}})"),
            malformed("abc", "request.kind and request.resource are missing"));
  // A v1beta1 review is answered in v1beta1 even when malformed.
  std::string got = v.answer(R"({"apiVersion":"admission.k8s.io/v1beta1","kind":"AdmissionReview"})");
  EXPECT_EQ(got.rfind(R"({"apiVersion":"admission.k8s.io/v1beta1",)", 0), 0u) << got;
}

TEST(Admission, OpenWorldReferencesToOtherStreamsAreNotReported) {
  Validator v;
  std::string spec = R"({"tags":[{"name":"latest","from":{"kind":"ImageStreamTag","name":"base:1","namespace":"openshift"}}]})";
  EXPECT_EQ(v.answer(review("CREATE", stream("app", spec))), allowed());
}

TEST(Admission, ApiMisuse) {
  Validator v;
  char *out = reinterpret_cast<char *>(1);
  size_t len = 5;
  EXPECT_EQ(isc_admission_review(nullptr, "{}", 2, &out, &len), ISC_EINVAL);
  EXPECT_EQ(out, nullptr);
  EXPECT_EQ(len, 0u);
  EXPECT_EQ(isc_admission_review(v.v, "{}", 2, nullptr, &len), ISC_EINVAL);
  EXPECT_EQ(isc_admission_review(v.v, nullptr, 2, &out, &len), ISC_EINVAL);
  // The length is optional.
  ASSERT_EQ(isc_admission_review(v.v, "{}", 2, &out, nullptr), ISC_OK);
  ASSERT_NE(out, nullptr);
  isc_string_free(out);
  isc_string_free(nullptr);
}

TEST(Admission, ConcurrentCallsShareOneValidator) {
  Validator v;
  std::vector<std::string> reviews = {
      review("CREATE", stream("app", kGoodSpec)),
      review("CREATE", stream("Bad_Name", R"({"tags":[{"name":"a","from":{"kind":"Docker","name":"x"}}]})")),
      review("CREATE", stream("app", R"({"dockerImageRepository":"quay.io/a/b"})")),
      "garbage",
  };
  std::vector<std::string> expected;
  for (const auto &r : reviews) expected.push_back(v.answer(r));
  std::vector<std::thread> threads;
  std::vector<int> mismatches(8, 0);
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 300; ++i) {
        size_t k = static_cast<size_t>(i + t) % reviews.size();
        char *out = nullptr;
        size_t len = 0;
        if (isc_admission_review(v.v, reviews[k].data(), reviews[k].size(), &out, &len) != ISC_OK ||
            std::string(out, len) != expected[k])
          ++mismatches[static_cast<size_t>(t)];
        isc_string_free(out);
      }
    });
  }
  for (auto &t : threads) t.join();
  for (int m : mismatches) EXPECT_EQ(m, 0);
}

// ------------------------------------------------------------------ policy

TEST(Policy, SeverityOverridesApplyToEveryFinding) {
  // W2 off, S6 (a server rule) downgraded: the stream becomes acceptable.
  Validator v("rules:\n  W2: off\n  S6: warning\n");
  std::string spec = R"({"dockerImageRepository":"quay.io/a/b","tags":[{"name":"a","from":{"kind":"DockerImage","name":"quay.io/x/y:1"},"referencePolicy":{"type":"Foo"}}]})";
  EXPECT_EQ(v.answer(review("CREATE", stream("app", spec))),
            allowed(R"(,"warnings":["spec.tags[a].referencePolicy.type: Invalid value: \"Foo\": valid values are \"Source\", \"Local\" [S6]"])"));
  // A warning raised to an error.
  Validator strict("rules: {W2: error}");
  std::string got = strict.answer(review("CREATE", stream("app", R"({"dockerImageRepository":"quay.io/a/b"})")));
  EXPECT_EQ(got, denied(R"({"metadata":{},"status":"Failure","message":"ImageStream.image.openshift.io \"app\" is invalid: spec.dockerImageRepository: deprecated since OpenShift 3.7; set the source of each tag in spec.tags[].from instead",)"
                        R"("reason":"Invalid","details":{"name":"app","group":"image.openshift.io","kind":"ImageStream","causes":[)"
                        R"({"reason":"FieldValueInvalid","message":"deprecated since OpenShift 3.7; set the source of each tag in spec.tags[].from instead","field":"spec.dockerImageRepository"}]},"code":422})"));
}

TEST(Policy, OverridesApplyToIscValidateToo) {
  isc_options *o = nullptr;
  ASSERT_EQ(isc_options_new(&o), ISC_OK);
  const std::string cfg = R"({"rules":{"M3":"off"}})";
  ASSERT_EQ(isc_options_set_config(o, cfg.data(), cfg.size()), ISC_OK);
  isc_validator *v = nullptr;
  ASSERT_EQ(isc_validator_new(&v, o), ISC_OK);
  isc_options_free(o);
  isc_report *r = nullptr;
  ASSERT_EQ(isc_report_new(&r), ISC_OK);
  std::string doc = stream("Bad_Name", "{}");
  ASSERT_EQ(isc_validate(v, ISC_OP_CREATE, doc.data(), doc.size(), nullptr, 0, r), ISC_OK);
  EXPECT_EQ(isc_report_valid(r), 1);
  EXPECT_EQ(isc_report_count(r), 0u);
  isc_report_free(r);
  isc_validator_free(v);
}

const char kPolicy[] =
    "policy:\n"
    "  allowedRegistries: [quay.io/demo, \"*.example.com\"]\n"
    "  requireLocalReferencePolicy: true\n"
    "  forbidInsecureImport: true\n"
    "  requireDigest: true\n"
    "  maxTags: 2\n"
    "  requiredTagAnnotations: [description]\n";

const char kDigest[] = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

TEST(Policy, EveryPolicyRuleFires) {
  Validator v(kPolicy);
  std::string spec =
      R"({"tags":[)"
      R"({"name":"a","from":{"kind":"DockerImage","name":"docker.io/library/busybox:1"},"importPolicy":{"insecure":true}},)"
      R"({"name":"b","annotations":{"description":"ok"},"from":{"kind":"DockerImage","name":"registry.example.com/team/app@)" +
      std::string(kDigest) + R"("},"referencePolicy":{"type":"Local"}},)"
      R"({"name":"c","annotations":{"description":"ok"},"referencePolicy":{"type":"Local"}}]})";
  std::string got = v.answer(review("CREATE", stream("app", spec)));
  EXPECT_EQ(got,
            denied(R"({"metadata":{},"status":"Failure","message":"ImageStream.image.openshift.io \"app\" is invalid: [)"
                   R"(spec.tags[a].from.name: Forbidden: registry \"docker.io\" is not allowed by policy (allowed registries: quay.io/demo, *.example.com), )"
                   R"(spec.tags[a].from.name: Invalid value: \"docker.io/library/busybox:1\": policy requires a digest-pinned image (\u003crepository\u003e@sha256:\u003cdigest\u003e), )"
                   R"(spec.tags[a].referencePolicy.type: Invalid value: \"Source\": policy requires \"Local\" (pods pull through the integrated registry), )"
                   R"(spec.tags[a].importPolicy.insecure: Forbidden: insecure imports are not allowed by policy, )"
                   R"(spec.tags[a].annotations[description]: Required value: required by policy on every tag, )"
                   R"(spec.tags: Too many: 3: must have at most 2 items]",)"
                   R"("reason":"Invalid","details":{"name":"app","group":"image.openshift.io","kind":"ImageStream","causes":[)"
                   R"j({"reason":"FieldValueForbidden","message":"Forbidden: registry \"docker.io\" is not allowed by policy (allowed registries: quay.io/demo, *.example.com)","field":"spec.tags[a].from.name"},)j"
                   R"j({"reason":"FieldValueInvalid","message":"Invalid value: \"docker.io/library/busybox:1\": policy requires a digest-pinned image (\u003crepository\u003e@sha256:\u003cdigest\u003e)","field":"spec.tags[a].from.name"},)j"
                   R"j({"reason":"FieldValueInvalid","message":"Invalid value: \"Source\": policy requires \"Local\" (pods pull through the integrated registry)","field":"spec.tags[a].referencePolicy.type"},)j"
                   R"({"reason":"FieldValueForbidden","message":"Forbidden: insecure imports are not allowed by policy","field":"spec.tags[a].importPolicy.insecure"},)"
                   R"({"reason":"FieldValueRequired","message":"Required value: required by policy on every tag","field":"spec.tags[a].annotations[description]"},)"
                   R"({"reason":"FieldValueTooMany","message":"Too many: 3: must have at most 2 items","field":"spec.tags"}]},"code":422})"))
      << got;
}

TEST(Policy, CompliantStreamPasses) {
  Validator v(kPolicy);
  std::string spec = R"({"tags":[{"name":"a","annotations":{"description":"x"},"from":{"kind":"DockerImage","name":"quay.io/demo/app@)" +
                     std::string(kDigest) + R"("},"referencePolicy":{"type":"Local"}}]})";
  EXPECT_EQ(v.answer(review("CREATE", stream("app", spec))), allowed());
  // quay.io/demo is a repository prefix: quay.io/demonstration is outside it.
  std::string outside = R"({"tags":[{"name":"a","annotations":{"description":"x"},"from":{"kind":"DockerImage","name":"quay.io/demonstration/app@)" +
                        std::string(kDigest) + R"("},"referencePolicy":{"type":"Local"}}]})";
  EXPECT_NE(v.answer(review("CREATE", stream("app", outside))).find("registry \\\"quay.io\\\" is not allowed by policy"),
            std::string::npos);
}

TEST(Policy, PolicyRulesAsWarnings) {
  Validator v("rules: {P2: warning}\n");  // enabled by its severity alone
  std::string got = v.answer(review("CREATE", stream("app", kGoodSpec)));
  EXPECT_EQ(got, allowed(R"(,"warnings":["spec.tags[latest].referencePolicy.type: Invalid value: \"Source\": policy requires \"Local\" (pods pull through the... [P2]"])"));
}

TEST(Policy, UpdatesAreRatcheted) {
  Validator v("policy: {requireDigest: true, maxTags: 1}\n");
  std::string two = R"({"tags":[{"name":"a","from":{"kind":"DockerImage","name":"quay.io/x/a:1"}},{"name":"b","from":{"kind":"DockerImage","name":"quay.io/x/b:1"}}]})";
  std::string old = stream("app", two, R"(,"resourceVersion":"4")");
  // Unchanged tags: allowed although the stored stream breaks the policy.
  std::string same = stream("app", two, R"(,"resourceVersion":"4","labels":{"team":"x"})");
  EXPECT_EQ(v.answer(review("UPDATE", same, old)), allowed());
  // A changed source is checked.
  std::string changed_spec = R"({"tags":[{"name":"a","from":{"kind":"DockerImage","name":"quay.io/x/a:2"}},{"name":"b","from":{"kind":"DockerImage","name":"quay.io/x/b:1"}}]})";
  std::string got = v.answer(review("UPDATE", stream("app", changed_spec, R"(,"resourceVersion":"4")"), old));
  EXPECT_NE(got.find(R"("field":"spec.tags[a].from.name")"), std::string::npos) << got;
  EXPECT_EQ(got.find(R"("field":"spec.tags[b].from.name")"), std::string::npos) << got;
  EXPECT_EQ(got.find("Too many"), std::string::npos) << got;
  // Status updates are never checked.
  EXPECT_EQ(v.answer(review("UPDATE", same, old, R"("subResource":"status",)")), allowed());
}

TEST(Policy, InternalRegistryIsAlwaysAllowed) {
  Validator v("policy:\n  allowedRegistries: [quay.io]\n",
              "internalRegistryHostname: image-registry.openshift-image-registry.svc:5000\n");
  std::string spec = R"({"tags":[{"name":"a","from":{"kind":"DockerImage","name":"image-registry.openshift-image-registry.svc:5000/demo/app:1"}}]})";
  EXPECT_EQ(v.answer(review("CREATE", stream("app", spec))), allowed());
}

TEST(Policy, ConfigErrors) {
  isc_options *o = nullptr;
  ASSERT_EQ(isc_options_new(&o), ISC_OK);
  auto err = [&](const std::string &doc) {
    char buf[512] = "";
    EXPECT_EQ(isc_options_set_config_ex(o, doc.data(), doc.size(), buf, sizeof buf), ISC_EPARSE) << doc;
    return std::string(buf);
  };
  EXPECT_EQ(err("rules: {Z9: off}"), "config: rules: unknown rule id \"Z9\" (see docs/rules.md)");
  EXPECT_EQ(err("rules: {W2: loud}"), "config: rules.W2 must be error, warning or off");
  EXPECT_EQ(err("rulez: {}"), "config: unknown key \"rulez\" (known: rules, policy)");
  EXPECT_EQ(err("policy: {maxTag: 3}"),
            "config: unknown key \"policy.maxTag\" (known: allowedRegistries, requireLocalReferencePolicy, "
            "forbidInsecureImport, requireDigest, maxTags, requiredTagAnnotations)");
  EXPECT_EQ(err("policy: {maxTags: 0}"), "config: policy.maxTags must be a whole number from 1 to 1000000");
  EXPECT_EQ(err("policy: {requireDigest: yes please}"), "config: policy.requireDigest must be true or false");
  EXPECT_EQ(err("policy: {allowedRegistries: [\"https://quay.io\"]}"),
            "config: policy.allowedRegistries: \"https://quay.io\" is not a registry (host[:port], *.domain or "
            "host[:port]/repository-prefix)");
  EXPECT_EQ(err("rules: {P1: error}"), "config: rules.P1 needs policy.allowedRegistries");
  EXPECT_EQ(err("[1, 2]"), "config: the document must be a mapping with the keys rules and policy");
  EXPECT_EQ(err("{\"rules\": "), "config: line 1: unexpected end of JSON input");
  // Unquoted YAML `off` is a boolean false: still "off".
  const std::string ok = "rules:\n  W2: off\n";
  EXPECT_EQ(isc_options_set_config(o, ok.data(), ok.size()), ISC_OK);
  EXPECT_EQ(isc_options_set_config(nullptr, ok.data(), ok.size()), ISC_EINVAL);
  EXPECT_EQ(isc_options_set_config(o, nullptr, 3), ISC_EINVAL);
  EXPECT_EQ(isc_options_set_config(o, "", 0), ISC_OK);  // clears
  isc_options_free(o);
}

TEST(Policy, RulesAreInTheCatalogue) {
  std::vector<std::string> ids;
  for (size_t i = 0; i < isc_rule_count(); ++i) ids.emplace_back(isc_rule_id(i));
  for (const char *id : {"P1", "P2", "P3", "P4", "P5", "P6"})
    EXPECT_NE(std::find(ids.begin(), ids.end(), id), ids.end()) << id;
}

}  // namespace
