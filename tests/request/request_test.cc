// Every endpoint and method of the API reference (§8.2), each with a valid
// and an invalid request: the HTTP status and the body the server answers;
// the query parameters; the three patch types through the C API.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "isconform/isconform.h"

namespace {

const std::string kNs = "/apis/image.openshift.io/v1/namespaces/demo/imagestreams";

const std::string kStored = R"({"apiVersion":"image.openshift.io/v1","kind":"ImageStream",
 "metadata":{"name":"ruby","namespace":"demo","uid":"u-1","resourceVersion":"42","generation":2,
             "creationTimestamp":"2024-01-01T00:00:00Z"},
 "spec":{"lookupPolicy":{"local":false},"tags":[
   {"name":"latest","from":{"kind":"DockerImage","name":"quay.io/x/ruby:3.2"}},
   {"name":"3.1","from":{"kind":"DockerImage","name":"quay.io/x/ruby:3.1"}}]},
 "status":{"dockerImageRepository":""}})";

const std::string kNew = R"({"apiVersion":"image.openshift.io/v1","kind":"ImageStream",
 "metadata":{"name":"python","namespace":"demo"},
 "spec":{"tags":[{"name":"3.12","from":{"kind":"DockerImage","name":"quay.io/x/python:3.12"}}]}})";

std::string replace_all(std::string s, const std::string &from, const std::string &to) {
  for (size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size())) s.replace(at, from.size(), to);
  return s;
}

struct Answer {
  int code = 0;
  std::string body;
  std::string findings;  // "rule:message|" for each finding
  bool valid = false;
  std::string normalized;
};

class Request : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(isc_validator_new(&v_, nullptr), ISC_OK);
    ASSERT_EQ(isc_report_new(&r_), ISC_OK);
  }
  void TearDown() override {
    isc_report_free(r_);
    isc_validator_free(v_);
  }
  Answer ask(const char *method, const std::string &path, const char *query, const char *ct, const std::string *body,
             const std::string *old) {
    EXPECT_EQ(isc_validate_request(v_, method, path.c_str(), query, ct, body ? body->data() : nullptr,
                                   body ? body->size() : 0, old ? old->data() : nullptr, old ? old->size() : 0, r_),
              ISC_OK);
    Answer a;
    a.code = isc_report_http_status(r_);
    size_t len = 0;
    const char *b = isc_report_http_body(r_, &len);
    if (b) a.body.assign(b, len);
    for (size_t i = 0; i < isc_report_count(r_); ++i) {
      const isc_finding *f = isc_report_at(r_, i);
      a.findings += std::string(isc_finding_rule(f)) + ":" + isc_finding_message(f) + "|";
    }
    a.valid = isc_report_valid(r_) != 0;
    if (const char *n = isc_report_normalized(r_, &len)) a.normalized.assign(n, len);
    return a;
  }
  isc_validator *v_ = nullptr;
  isc_report *r_ = nullptr;
};

const char kNotFoundRoute[] =
    R"({"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"the server could not find the requested resource","reason":"NotFound","details":{},"code":404})";
const char kNotAllowed[] =
    R"({"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"the server does not allow this method on the requested resource","reason":"MethodNotAllowed","details":{},"code":405})";
const char kRubyNotFound[] =
    R"({"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"imagestreams.image.openshift.io \"ruby\" not found","reason":"NotFound","details":{"name":"ruby","group":"image.openshift.io","kind":"imagestreams"},"code":404})";

// ---- 8.2.1 /apis/image.openshift.io/v1/imagestreams: GET (list)
TEST_F(Request, ListAllNamespaces) {
  Answer a = ask("GET", "/apis/image.openshift.io/v1/imagestreams", nullptr, nullptr, nullptr, &kStored);
  EXPECT_EQ(a.code, 200);
  EXPECT_EQ(a.body.rfind(R"({"kind":"ImageStreamList","apiVersion":"image.openshift.io/v1","metadata":{"resourceVersion":"42"},"items":[{"kind":"ImageStream",)", 0), 0u) << a.body;
  EXPECT_TRUE(a.valid);
  a = ask("POST", "/apis/image.openshift.io/v1/imagestreams", nullptr, nullptr, &kNew, nullptr);
  EXPECT_EQ(a.code, 405);
  EXPECT_EQ(a.body, kNotAllowed);
  EXPECT_EQ(a.findings, "H1:the server does not allow this method on the requested resource|");
}

// ---- 8.2.2 /apis/image.openshift.io/v1/watch/imagestreams: GET (watch)
TEST_F(Request, WatchAllNamespaces) {
  Answer a = ask("GET", "/apis/image.openshift.io/v1/watch/imagestreams", nullptr, nullptr, nullptr, &kStored);
  EXPECT_EQ(a.code, 200);
  EXPECT_EQ(a.body.rfind(R"({"type":"ADDED","object":{"kind":"ImageStream",)", 0), 0u) << a.body;
  EXPECT_EQ(a.body.back(), '\n');
  a = ask("DELETE", "/apis/image.openshift.io/v1/watch/imagestreams", nullptr, nullptr, nullptr, nullptr);
  EXPECT_EQ(a.code, 405);
  EXPECT_EQ(a.body, kNotAllowed);
}

// ---- 8.2.3 /namespaces/{namespace}/imagestreams: GET, POST, DELETE
TEST_F(Request, ListInNamespace) {
  Answer a = ask("GET", kNs, nullptr, nullptr, nullptr, &kStored);
  EXPECT_EQ(a.code, 200);
  EXPECT_NE(a.body.find(R"("items":[{"kind":"ImageStream")"), std::string::npos) << a.body;
  a = ask("GET", "/apis/image.openshift.io/v1/namespaces/other/imagestreams", nullptr, nullptr, nullptr, &kStored);
  EXPECT_EQ(a.body, R"({"kind":"ImageStreamList","apiVersion":"image.openshift.io/v1","metadata":{"resourceVersion":"42"},"items":[]})");
  // ?watch=true on the collection is a watch.
  a = ask("GET", kNs, "watch=true", nullptr, nullptr, &kStored);
  EXPECT_EQ(a.body.rfind(R"({"type":"ADDED",)", 0), 0u);
  a = ask("PUT", kNs, nullptr, nullptr, &kNew, nullptr);
  EXPECT_EQ(a.code, 405);
  EXPECT_EQ(a.body, kNotAllowed);
}

TEST_F(Request, Create) {
  Answer a = ask("POST", kNs, nullptr, "application/json", &kNew, nullptr);
  EXPECT_EQ(a.code, 201);
  EXPECT_EQ(a.body, a.normalized);
  EXPECT_EQ(a.body.rfind(R"({"kind":"ImageStream","apiVersion":"image.openshift.io/v1","metadata":{"name":"python","namespace":"demo","generation":1)", 0), 0u) << a.body;
  // A namespace other than the URL's.
  a = ask("POST", "/apis/image.openshift.io/v1/namespaces/other/imagestreams", nullptr, nullptr, &kNew, nullptr);
  EXPECT_EQ(a.code, 400);
  EXPECT_EQ(a.body, R"({"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"the namespace of the provided object does not match the namespace sent on the request","reason":"BadRequest","code":400})");
  EXPECT_EQ(a.findings, "H3:the namespace of the provided object does not match the namespace sent on the request|");
  // The namespace comes from the URL when the body has none.
  std::string nons = replace_all(kNew, R"(,"namespace":"demo")", "");
  a = ask("POST", kNs, nullptr, nullptr, &nons, nullptr);
  EXPECT_EQ(a.code, 201);
  EXPECT_NE(a.body.find(R"("namespace":"demo")"), std::string::npos);
  // An invalid stream: 422 with the server's causes.
  std::string bad = replace_all(kNew, R"("name":"python")", R"("name":"Python")");
  a = ask("POST", kNs, nullptr, nullptr, &bad, nullptr);
  EXPECT_EQ(a.code, 422);
  EXPECT_EQ(a.body, R"({"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"ImageStream.image.openshift.io \"Python\" is invalid: metadata.name: Invalid value: \"Python\": must match \"[a-z0-9]+(?:[._-][a-z0-9]+)*\"","reason":"Invalid","details":{"name":"Python","group":"image.openshift.io","kind":"ImageStream","causes":[{"reason":"FieldValueInvalid","message":"Invalid value: \"Python\": must match \"[a-z0-9]+(?:[._-][a-z0-9]+)*\"","field":"metadata.name"}]},"code":422})");
  // A body that is not JSON: 400.
  std::string junk = "{\"kind\":";
  a = ask("POST", kNs, nullptr, nullptr, &junk, nullptr);
  EXPECT_EQ(a.code, 400);
  EXPECT_EQ(a.body, R"J({"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"the object provided is unrecognized (must be of type ImageStream): couldn't get version/kind; json parse error: unexpected end of JSON input ({\"kind\":)","reason":"BadRequest","code":400})J");
  // No body at all.
  std::string empty;
  a = ask("POST", kNs, nullptr, nullptr, &empty, nullptr);
  EXPECT_EQ(a.code, 400);
  EXPECT_EQ(a.body, R"J({"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"the object provided is unrecognized (must be of type ImageStream): couldn't get version/kind; json parse error: unexpected end of JSON input (\u003cempty\u003e)","reason":"BadRequest","code":400})J");
  // Unsupported media type.
  a = ask("POST", kNs, nullptr, "text/plain", &kNew, nullptr);
  EXPECT_EQ(a.code, 415);
  EXPECT_EQ(a.body, R"({"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf","reason":"UnsupportedMediaType","code":415})");
}

TEST_F(Request, DeleteCollection) {
  Answer a = ask("DELETE", kNs, nullptr, nullptr, nullptr, &kStored);
  EXPECT_EQ(a.code, 200);
  EXPECT_EQ(a.body.rfind(R"({"kind":"ImageStreamList",)", 0), 0u);
  a = ask("DELETE", kNs, "dryRun=Some", nullptr, nullptr, &kStored);
  EXPECT_EQ(a.code, 422);
  EXPECT_EQ(a.body, R"({"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"DeleteOptions.meta.k8s.io \"\" is invalid: dryRun: Unsupported value: [\"Some\"]: supported values: \"All\"","reason":"Invalid","details":{"group":"meta.k8s.io","kind":"DeleteOptions","causes":[{"reason":"FieldValueNotSupported","message":"Unsupported value: [\"Some\"]: supported values: \"All\"","field":"dryRun"}]},"code":422})");
}

// ---- 8.2.4 /watch/namespaces/{namespace}/imagestreams: GET
TEST_F(Request, WatchNamespace) {
  Answer a = ask("GET", "/apis/image.openshift.io/v1/watch/namespaces/demo/imagestreams", nullptr, nullptr, nullptr, &kStored);
  EXPECT_EQ(a.code, 200);
  EXPECT_EQ(a.body.rfind(R"({"type":"ADDED",)", 0), 0u);
  a = ask("GET", "/apis/image.openshift.io/v1/watch/namespaces/other/imagestreams", nullptr, nullptr, nullptr, &kStored);
  EXPECT_EQ(a.code, 200);
  EXPECT_EQ(a.body, "");
  a = ask("PATCH", "/apis/image.openshift.io/v1/watch/namespaces/demo/imagestreams", nullptr, nullptr, nullptr, nullptr);
  EXPECT_EQ(a.code, 405);
  EXPECT_EQ(a.body, kNotAllowed);
}

// ---- 8.2.5 /namespaces/{namespace}/imagestreams/{name}: GET, PUT, PATCH, DELETE
TEST_F(Request, Get) {
  Answer a = ask("GET", kNs + "/ruby", nullptr, nullptr, nullptr, &kStored);
  EXPECT_EQ(a.code, 200);
  // The stored object as the server encodes it: defaults, tags sorted by name.
  EXPECT_NE(a.body.find(R"("tags":[{"name":"3.1","annotations":null,"from":{"kind":"DockerImage","name":"quay.io/x/ruby:3.1"},"generation":null,"importPolicy":{"importMode":"Legacy"},"referencePolicy":{"type":"Source"}},{"name":"latest")"), std::string::npos) << a.body;
  a = ask("GET", kNs + "/ruby", nullptr, nullptr, nullptr, nullptr);
  EXPECT_EQ(a.code, 404);
  EXPECT_EQ(a.body, kRubyNotFound);
  EXPECT_EQ(a.findings, "H5:imagestreams.image.openshift.io \"ruby\" not found|");
  a = ask("POST", kNs + "/ruby", nullptr, nullptr, &kNew, nullptr);
  EXPECT_EQ(a.code, 405);
}

TEST_F(Request, Replace) {
  std::string upd = replace_all(kStored, "quay.io/x/ruby:3.2", "quay.io/x/ruby:3.3");
  Answer a = ask("PUT", kNs + "/ruby", nullptr, nullptr, &upd, &kStored);
  EXPECT_EQ(a.code, 200) << a.body;
  EXPECT_NE(a.body.find(R"("generation":3)"), std::string::npos);  // spec changed: generation bumped
  // Stale resourceVersion: 409.
  std::string stale = replace_all(upd, R"("resourceVersion":"42")", R"("resourceVersion":"41")");
  a = ask("PUT", kNs + "/ruby", nullptr, nullptr, &stale, &kStored);
  EXPECT_EQ(a.code, 409);
  EXPECT_EQ(a.body, R"({"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"Operation cannot be fulfilled on imagestreams.image.openshift.io \"ruby\": the object has been modified; please apply your changes to the latest version and try again","reason":"Conflict","details":{"name":"ruby","group":"image.openshift.io","kind":"imagestreams"},"code":409})");
  // No resourceVersion: the store's 422.
  std::string none = replace_all(upd, R"("resourceVersion":"42",)", "");
  a = ask("PUT", kNs + "/ruby", nullptr, nullptr, &none, &kStored);
  EXPECT_EQ(a.code, 422);
  EXPECT_EQ(a.body, R"({"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"imagestreams.image.openshift.io \"ruby\" is invalid: metadata.resourceVersion: Invalid value: 0: must be specified for an update","reason":"Invalid","details":{"name":"ruby","group":"image.openshift.io","kind":"imagestreams","causes":[{"reason":"FieldValueInvalid","message":"Invalid value: 0: must be specified for an update","field":"metadata.resourceVersion"}]},"code":422})");
  // A resourceVersion that is not a number: the storage layer's 500.
  std::string text = replace_all(upd, R"("resourceVersion":"42")", R"("resourceVersion":"x1")");
  a = ask("PUT", kNs + "/ruby", nullptr, nullptr, &text, &kStored);
  EXPECT_EQ(a.code, 500);
  EXPECT_EQ(a.body, R"({"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"strconv.ParseUint: parsing \"x1\": invalid syntax","code":500})");
  // URL and body names differ: 400 before the store is consulted.
  a = ask("PUT", kNs + "/other", nullptr, nullptr, &upd, nullptr);
  EXPECT_EQ(a.code, 400);
  EXPECT_EQ(a.body, R"J({"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"the name of the object (ruby) does not match the name on the URL (other)","reason":"BadRequest","code":400})J");
  // Namespace mismatch.
  a = ask("PUT", "/apis/image.openshift.io/v1/namespaces/x/imagestreams/ruby", nullptr, nullptr, &upd, &kStored);
  EXPECT_EQ(a.code, 400);
  EXPECT_NE(a.body.find("the namespace of the provided object does not match the namespace sent on the request"), std::string::npos);
  // No stored object: 404.
  a = ask("PUT", kNs + "/ruby", nullptr, nullptr, &upd, nullptr);
  EXPECT_EQ(a.code, 404);
  EXPECT_EQ(a.body, kRubyNotFound);
  // An invalid change: 422.
  std::string bad = replace_all(upd, R"("kind":"DockerImage","name":"quay.io/x/ruby:3.3")", R"("kind":"Bogus","name":"quay.io/x/ruby:3.3")");
  a = ask("PUT", kNs + "/ruby", nullptr, nullptr, &bad, &kStored);
  EXPECT_EQ(a.code, 422);
  EXPECT_NE(a.body.find(R"({"reason":"FieldValueRequired","message":"Required value: valid values are 'DockerImage', 'ImageStreamImage', 'ImageStreamTag'","field":"spec.tags[latest].from.kind"})"), std::string::npos) << a.body;
}

// M12 on PUT and PUT status: rest.BeforeUpdate copies a stored timestamp that
// is not the zero time; the immutability check compares instants and renders
// the new value as metav1.Time.MarshalJSON does (UTC, whole seconds).
TEST_F(Request, ReplaceComparesTimestampsAsInstants) {
  const std::string zero_stored = replace_all(kStored, "2024-01-01T00:00:00Z", "0001-01-01T00:00:00Z");
  const std::string no_stamp = replace_all(kStored, R"(,
             "creationTimestamp":"2024-01-01T00:00:00Z")", "");
  ASSERT_NE(no_stamp, kStored);
  const std::string later = replace_all(kStored, "2024-01-01T00:00:00Z", "2024-01-01T01:00:00.5+01:00");
  const std::string zero = zero_stored;
  const char kCause[] =
      R"({"reason":"FieldValueInvalid","message":"Invalid value: \"2024-01-01T00:00:00Z\": field is immutable","field":"metadata.creationTimestamp"})";
  for (const std::string &path : {kNs + "/ruby", kNs + "/ruby/status"}) {
    // Stored zero time: not copied, the new value differs from it.
    Answer a = ask("PUT", path, nullptr, nullptr, &later, &zero_stored);
    EXPECT_EQ(a.code, 422) << path;
    EXPECT_NE(a.body.find(kCause), std::string::npos) << a.body;
    EXPECT_NE(a.body.find(R"(metadata.creationTimestamp: Invalid value: \"2024-01-01T00:00:00Z\": field is immutable)"),
              std::string::npos)
        << a.body;
    // No stored timestamp: same.
    a = ask("PUT", path, nullptr, nullptr, &later, &no_stamp);
    EXPECT_EQ(a.code, 422) << path;
    EXPECT_NE(a.body.find(kCause), std::string::npos) << a.body;
    // Absent and the zero time are the same value.
    a = ask("PUT", path, nullptr, nullptr, &zero, &no_stamp);
    EXPECT_EQ(a.code, 200) << path << a.body;
    // A stored non-zero time replaces what was sent.
    a = ask("PUT", path, nullptr, nullptr, &later, &kStored);
    EXPECT_EQ(a.code, 200) << path << a.body;
    EXPECT_NE(a.body.find(R"("creationTimestamp":"2024-01-01T00:00:00Z")"), std::string::npos) << a.body;
  }
}

// The label-value message of apimachinery v0.34.1 (IsQualifiedName).
const std::string kBadName =
    R"(name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]'))";

std::string cause(const std::string &field, const std::string &body) {
  // Quotes inside `body` are JSON-escaped as the Status writes them.
  return R"({"reason":"FieldValueInvalid","message":")" + replace_all(body, "\"", "\\\"") + R"(","field":")" + field +
         R"("})";
}

std::string invalid_status(const std::string &name, const std::string &agg, const std::vector<std::string> &causes) {
  std::string out = R"({"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"ImageStream.image.openshift.io \")" +
                    name + R"(\" is invalid: )" + replace_all(agg, "\"", "\\\"") +
                    R"(","reason":"Invalid","details":{"name":")" + name +
                    R"(","group":"image.openshift.io","kind":"ImageStream","causes":[)";
  for (size_t i = 0; i < causes.size(); ++i) out += (i ? "," : "") + causes[i];
  return out + "]},\"code\":422}";
}

// store.go create() turns generateName into the name (prefix cut to 58
// bytes, 5 random characters, "xxxxx" offline) before rest.BeforeCreate:
// errors.NewInvalid names the generated name in the message and in
// details.name (spec §1.2 step 1, §2.3).
TEST_F(Request, CreateWithGenerateNameNamesTheGeneratedObject) {
  const std::string label = R"(metadata.labels: Invalid value: "-bad": )" + kBadName;
  std::string body = replace_all(kNew, R"("name":"python")", R"("generateName":"py","labels":{"-bad":"x"})");
  Answer a = ask("POST", kNs, nullptr, nullptr, &body, nullptr);
  EXPECT_EQ(a.code, 422);
  EXPECT_EQ(a.body, invalid_status("pyxxxxx", label, {cause("metadata.labels", R"(Invalid value: "-bad": )" + kBadName)}));
  EXPECT_STREQ(isc_report_name(r_), "pyxxxxx");
  // A long prefix is cut to 58 bytes.
  std::string prefix(60, 'p');
  std::string generated = std::string(58, 'p') + "xxxxx";
  body = replace_all(kNew, R"("name":"python")", R"("generateName":")" + prefix + R"(","labels":{"-bad":"x"})");
  a = ask("POST", kNs, nullptr, nullptr, &body, nullptr);
  EXPECT_EQ(a.body, invalid_status(generated, label, {cause("metadata.labels", R"(Invalid value: "-bad": )" + kBadName)}));
  // The generated name is validated, and named, too.
  body = replace_all(kNew, R"("name":"python")", R"("generateName":"Py")");
  a = ask("POST", kNs, nullptr, nullptr, &body, nullptr);
  const std::string must = R"(must match "[a-z0-9]+(?:[._-][a-z0-9]+)*")";
  EXPECT_EQ(a.body, invalid_status("Pyxxxxx",
                                   R"([metadata.generateName: Invalid value: "Py": )" + must +
                                       R"(, metadata.name: Invalid value: "Pyxxxxx": )" + must + "]",
                                   {cause("metadata.generateName", R"(Invalid value: "Py": )" + must),
                                    cause("metadata.name", R"(Invalid value: "Pyxxxxx": )" + must)}));
  // A valid one is created under the generated name.
  body = replace_all(kNew, R"("name":"python")", R"("generateName":"py")");
  a = ask("POST", kNs, nullptr, nullptr, &body, nullptr);
  EXPECT_EQ(a.code, 201) << a.body;
  EXPECT_EQ(a.body.rfind(R"({"kind":"ImageStream","apiVersion":"image.openshift.io/v1","metadata":{"name":"pyxxxxx",)", 0), 0u)
      << a.body;
}

// details.causes is errors.NewInvalid's one cause per field error, not
// de-duplicated (spec §1.3.5, §2.3); the message and the report's findings
// keep each error once. On an update the metadata is checked in four passes
// (rest.BeforeUpdate: ValidateObjectMetaAccessor, then
// ValidateObjectMetaAccessorUpdate; the strategy: core ValidateObjectMetaUpdate,
// then ValidateImageStreamWithWhitelister's ValidateObjectMeta), each
// appending its errors in turn.
TEST_F(Request, ReplaceListsEveryCauseInTheServersOrder) {
  std::string upd = replace_all(kStored, R"("generation":2,)",
                                R"("generation":2,"labels":{"-bad":"x"},"annotations":{"-ann":"y"},"deletionGracePeriodSeconds":30,)");
  Answer a = ask("PUT", kNs + "/ruby", nullptr, nullptr, &upd, &kStored);
  EXPECT_EQ(a.code, 422);
  const std::string label = R"(Invalid value: "-bad": )" + kBadName;
  const std::string ann = R"(Invalid value: "-ann": )" + kBadName;
  const std::string grace = "Invalid value: 30: field is immutable";
  const std::string l = cause("metadata.labels", label);
  const std::string n = cause("metadata.annotations", ann);
  const std::string g = cause("metadata.deletionGracePeriodSeconds", grace);
  EXPECT_EQ(a.body, invalid_status("ruby",
                                   "[metadata.labels: " + label + ", metadata.annotations: " + ann +
                                       ", metadata.deletionGracePeriodSeconds: " + grace + "]",
                                   {l, n,         // ValidateObjectMetaAccessor
                                    g, l, n,      // ValidateObjectMetaAccessorUpdate
                                    g, l, n,      // core ValidateObjectMetaUpdate
                                    l, n}));      // ValidateObjectMeta
  EXPECT_EQ(a.findings, "M7:metadata.labels: " + label + "|M8:metadata.annotations: " + ann +
                            "|M12:metadata.deletionGracePeriodSeconds: " + grace + "|");
  // The report's own repro: one bad label, four causes.
  upd = replace_all(kStored, R"("generation":2,)", R"("generation":2,"labels":{"-bad":"x"},)");
  a = ask("PUT", kNs + "/ruby", nullptr, nullptr, &upd, &kStored);
  EXPECT_EQ(a.body, invalid_status("ruby", "metadata.labels: " + label, {l, l, l, l}));
  // The status subresource: rest.BeforeUpdate's two passes, then
  // ValidateImageStreamStatusUpdateWithWhitelister's ValidateObjectMetaUpdate.
  a = ask("PUT", kNs + "/ruby/status", nullptr, nullptr, &upd, &kStored);
  EXPECT_EQ(a.body, invalid_status("ruby", "metadata.labels: " + label, {l, l, l}));
}

// On create the metadata is checked once (the generic pass after the
// strategy's runs only when the strategy found nothing): two owner
// references with the same error are two causes of one message.
TEST_F(Request, CreateListsRepeatedCauses) {
  std::string body = replace_all(kNew, R"("namespace":"demo")",
                                 R"("namespace":"demo","ownerReferences":[{"apiVersion":"v1","kind":"","name":"a","uid":"1"},{"apiVersion":"v1","kind":"","name":"b","uid":"2"}])");
  Answer a = ask("POST", kNs, nullptr, nullptr, &body, nullptr);
  EXPECT_EQ(a.code, 422);
  const std::string kind = R"(Invalid value: "": must not be empty)";
  EXPECT_EQ(a.body, invalid_status("python", "metadata.ownerReferences.kind: " + kind,
                                   {cause("metadata.ownerReferences.kind", kind),
                                    cause("metadata.ownerReferences.kind", kind)}));
  EXPECT_EQ(a.findings, "M10:metadata.ownerReferences.kind: " + kind + "|");
}

TEST_F(Request, PatchEachType) {
  const std::string path = kNs + "/ruby";
  std::string smp = R"({"spec":{"tags":[{"name":"3.1","$patch":"delete"},{"name":"latest","from":{"name":"quay.io/x/ruby:3.3"}}]}})";
  Answer a = ask("PATCH", path, nullptr, "application/strategic-merge-patch+json", &smp, &kStored);
  EXPECT_EQ(a.code, 200) << a.body;
  EXPECT_NE(a.body.find(R"("tags":[{"name":"latest","annotations":null,"from":{"kind":"DockerImage","name":"quay.io/x/ruby:3.3"})"), std::string::npos) << a.body;
  EXPECT_EQ(a.body.find(R"("name":"3.1")"), std::string::npos);
  // The same patch as a merge patch replaces the list: the entry without kind is invalid.
  std::string merge = R"({"spec":{"tags":[{"name":"latest","from":{"name":"quay.io/x/ruby:3.3"}}]}})";
  a = ask("PATCH", path, nullptr, "application/merge-patch+json", &merge, &kStored);
  EXPECT_EQ(a.code, 422);
  EXPECT_NE(a.findings.find("S3:spec.tags[latest].from.kind: Required value"), std::string::npos) << a.findings;
  std::string json = R"([{"op":"test","path":"/spec/tags/1/name","value":"latest"},{"op":"replace","path":"/spec/tags/1/from/name","value":"quay.io/x/ruby:3.3"}])";
  a = ask("PATCH", path, nullptr, "application/json-patch+json", &json, &kStored);
  EXPECT_EQ(a.code, 200) << a.body;
  EXPECT_NE(a.body.find("quay.io/x/ruby:3.3"), std::string::npos);
  // A failed test: the generic 422; the finding names the operation.
  std::string failing = R"([{"op":"test","path":"/spec/tags/0/name","value":"latest"}])";
  a = ask("PATCH", path, nullptr, "application/json-patch+json", &failing, &kStored);
  EXPECT_EQ(a.code, 422);
  EXPECT_EQ(a.body, R"({"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"the server rejected our request due to an error in our request","reason":"Invalid","details":{},"code":422})");
  EXPECT_EQ(a.findings, "H6:testing value /spec/tags/0/name failed: test failed|");
  // Unsupported patch content type.
  a = ask("PATCH", path, nullptr, "application/json", &merge, &kStored);
  EXPECT_EQ(a.code, 415);
  EXPECT_EQ(a.body, R"({"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"415: Unsupported Media Type","reason":"UnsupportedMediaType","details":{},"code":415})");
  a = ask("PATCH", path, nullptr, nullptr, &merge, &kStored);
  EXPECT_EQ(a.code, 415);
  EXPECT_EQ(ask("PATCH", path, nullptr, "application/merge-patch+json; charset=utf-8", &merge, &kStored).code, 422);
  // No stored object.
  a = ask("PATCH", path, nullptr, "application/merge-patch+json", &merge, nullptr);
  EXPECT_EQ(a.code, 404);
  EXPECT_EQ(a.body, kRubyNotFound);
}

TEST_F(Request, PatchUrlAndVersion) {
  const std::string path = kNs + "/ruby";
  std::string rename = R"({"metadata":{"name":"other"}})";
  Answer a = ask("PATCH", path, nullptr, "application/merge-patch+json", &rename, &kStored);
  EXPECT_EQ(a.code, 400);
  EXPECT_EQ(a.body, R"J({"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"the name of the object (other) does not match the name on the URL (ruby)","reason":"BadRequest","code":400})J");
  std::string move = R"({"metadata":{"namespace":"else"}})";
  a = ask("PATCH", path, nullptr, "application/merge-patch+json", &move, &kStored);
  EXPECT_EQ(a.code, 400);
  EXPECT_NE(a.body.find("the namespace of the provided object does not match the namespace sent on the request"), std::string::npos);
  std::string stale = R"({"metadata":{"resourceVersion":"7"}})";
  a = ask("PATCH", path, nullptr, "application/merge-patch+json", &stale, &kStored);
  EXPECT_EQ(a.code, 409);
  std::string current = R"({"metadata":{"resourceVersion":"42","labels":{"a":"b"}}})";
  a = ask("PATCH", path, nullptr, "application/merge-patch+json", &current, &kStored);
  EXPECT_EQ(a.code, 200);
  std::string drop = R"({"metadata":{"resourceVersion":null}})";
  a = ask("PATCH", path, nullptr, "application/merge-patch+json", &drop, &kStored);
  EXPECT_EQ(a.code, 422);
  EXPECT_NE(a.body.find("must be specified for an update"), std::string::npos);
}

TEST_F(Request, PatchDecodingErrors) {
  const std::string path = kNs + "/ruby";
  // An unknown field after patching: Strict 422 on "patch", Warn a warning, Ignore nothing.
  std::string unk = R"({"spec":{"foo":1}})";
  Answer a = ask("PATCH", path, "fieldValidation=Strict", "application/merge-patch+json", &unk, &kStored);
  EXPECT_EQ(a.code, 422);
  EXPECT_EQ(a.body.rfind(R"({"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":" \"\" is invalid: patch: Invalid value: \"{\\\"kind\\\":\\\"ImageStream\\\",)", 0), 0u) << a.body;
  EXPECT_NE(a.body.find(R"(: strict decoding error: unknown field \"spec.foo\"","reason":"Invalid","details":{"causes":[{"reason":"FieldValueInvalid","message":"Invalid value: )"), std::string::npos) << a.body;
  EXPECT_NE(a.body.find(R"("field":"patch"}]},"code":422})"), std::string::npos);
  a = ask("PATCH", path, nullptr, "application/merge-patch+json", &unk, &kStored);
  EXPECT_EQ(a.code, 200);
  EXPECT_EQ(a.findings, "D3:unknown field \"spec.foo\"|");
  EXPECT_TRUE(a.valid);
  a = ask("PATCH", path, "fieldValidation=Ignore", "application/merge-patch+json", &unk, &kStored);
  EXPECT_EQ(a.code, 200);
  EXPECT_EQ(a.findings, "");
  // A type error after patching: 422 on "patch" in every mode.
  std::string type = R"({"spec":{"tags":"x"}})";
  a = ask("PATCH", path, "fieldValidation=Ignore", "application/merge-patch+json", &type, &kStored);
  EXPECT_EQ(a.code, 422);
  EXPECT_NE(a.body.find(R"(: json: cannot unmarshal string into Go struct field ImageStreamSpec.spec.tags of type []v1.TagReference")"), std::string::npos) << a.body;
  // Strategic: the Invalid value is the patch map as Go prints it.
  std::string smp = R"({"spec":{"bar":true}})";
  a = ask("PATCH", path, "fieldValidation=Strict", "application/strategic-merge-patch+json", &smp, &kStored);
  EXPECT_EQ(a.code, 422);
  EXPECT_NE(a.body.find(R"(\" is invalid: patch: Invalid value: \"map[spec:map[bar:true]]\": strict decoding error: unknown field \"spec.bar\")"), std::string::npos) << a.body;
  // A malformed patch: 400.
  std::string junk = "{";
  a = ask("PATCH", path, nullptr, "application/merge-patch+json", &junk, &kStored);
  EXPECT_EQ(a.code, 400);
  EXPECT_EQ(a.body, R"({"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"error decoding patch: unexpected end of JSON input","reason":"BadRequest","code":400})");
  // A strategic directive without merge key: the server's 500.
  std::string nokey = R"({"spec":{"tags":[{"$patch":"delete"}]}})";
  a = ask("PATCH", path, nullptr, "application/strategic-merge-patch+json", &nokey, &kStored);
  EXPECT_EQ(a.code, 500);
  EXPECT_EQ(a.body, R"({"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"map: map[$patch:delete] does not contain declared merge key: name","code":500})");
}

TEST_F(Request, Delete) {
  Answer a = ask("DELETE", kNs + "/ruby", nullptr, nullptr, nullptr, &kStored);
  EXPECT_EQ(a.code, 200);
  EXPECT_EQ(a.body, R"({"kind":"Status","apiVersion":"v1","metadata":{},"status":"Success","details":{"name":"ruby","group":"image.openshift.io","kind":"imagestreams","uid":"u-1"}})");
  a = ask("DELETE", kNs + "/ruby", nullptr, nullptr, nullptr, nullptr);
  EXPECT_EQ(a.code, 404);
  EXPECT_EQ(a.body, kRubyNotFound);
  a = ask("DELETE", kNs + "/ruby", "propagationPolicy=Sometimes", nullptr, nullptr, &kStored);
  EXPECT_EQ(a.code, 422);
  EXPECT_EQ(a.body, R"({"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"DeleteOptions.meta.k8s.io \"\" is invalid: propagationPolicy: Unsupported value: \"Sometimes\": supported values: \"Foreground\", \"Background\", \"Orphan\", \"nil\"","reason":"Invalid","details":{"group":"meta.k8s.io","kind":"DeleteOptions","causes":[{"reason":"FieldValueNotSupported","message":"Unsupported value: \"Sometimes\": supported values: \"Foreground\", \"Background\", \"Orphan\", \"nil\"","field":"propagationPolicy"}]},"code":422})");
  // DeleteOptions in the body replace the query.
  std::string opts = R"({"kind":"DeleteOptions","apiVersion":"v1","dryRun":["All"]})";
  a = ask("DELETE", kNs + "/ruby", "dryRun=bad", nullptr, &opts, &kStored);
  EXPECT_EQ(a.code, 200);
  // Pending finalizers: the object is returned.
  std::string fin = replace_all(kStored, R"("uid":"u-1",)", R"("uid":"u-1","finalizers":["example.com/x"],)");
  a = ask("DELETE", kNs + "/ruby", nullptr, nullptr, nullptr, &fin);
  EXPECT_EQ(a.code, 200);
  EXPECT_EQ(a.body.rfind(R"({"kind":"ImageStream",)", 0), 0u);
}

// ---- 8.2.6 /watch/namespaces/{namespace}/imagestreams/{name}: GET
TEST_F(Request, WatchOne) {
  Answer a = ask("GET", "/apis/image.openshift.io/v1/watch/namespaces/demo/imagestreams/ruby", nullptr, nullptr, nullptr, &kStored);
  EXPECT_EQ(a.code, 200);
  EXPECT_EQ(a.body.rfind(R"({"type":"ADDED","object":{"kind":"ImageStream")", 0), 0u);
  a = ask("POST", "/apis/image.openshift.io/v1/watch/namespaces/demo/imagestreams/ruby", nullptr, nullptr, &kNew, nullptr);
  EXPECT_EQ(a.code, 405);
  EXPECT_EQ(a.body, kNotAllowed);
}

// ---- 8.2.7 /namespaces/{namespace}/imagestreams/{name}/status: GET, PUT, PATCH
TEST_F(Request, Status) {
  const std::string path = kNs + "/ruby/status";
  Answer a = ask("GET", path, nullptr, nullptr, nullptr, &kStored);
  EXPECT_EQ(a.code, 200);
  a = ask("GET", path, nullptr, nullptr, nullptr, nullptr);
  EXPECT_EQ(a.code, 404);
  EXPECT_EQ(a.body, kRubyNotFound);
  // PUT status: spec changes are ignored, status is taken.
  std::string st = replace_all(kStored, R"("status":{"dockerImageRepository":""})",
                               R"("status":{"dockerImageRepository":"","tags":[{"tag":"latest","items":[{"created":"2024-01-02T00:00:00Z","dockerImageReference":"quay.io/x/ruby@sha256:0123456789012345678901234567890123456789012345678901234567890123","image":"sha256:0123456789012345678901234567890123456789012345678901234567890123","generation":2}]}]})");
  a = ask("PUT", path, nullptr, nullptr, &st, &kStored);
  EXPECT_EQ(a.code, 200) << a.body;
  EXPECT_NE(a.body.find(R"("status":{"dockerImageRepository":"","tags":[{"tag":"latest")"), std::string::npos) << a.body;
  std::string bad = replace_all(st, "quay.io/x/ruby@sha256:0123456789012345678901234567890123456789012345678901234567890123", "::bad");
  a = ask("PUT", path, nullptr, nullptr, &bad, &kStored);
  EXPECT_EQ(a.code, 422);
  EXPECT_NE(a.body.find(R"("field":"status.tags[latest].items[0].dockerImageReference")"), std::string::npos) << a.body;
  // PATCH status.
  std::string patch = R"({"status":{"tags":[{"tag":"latest","items":[{"created":"2024-01-02T00:00:00Z","dockerImageReference":"::bad","image":"x","generation":1}]}]}})";
  a = ask("PATCH", path, nullptr, "application/strategic-merge-patch+json", &patch, &kStored);
  EXPECT_EQ(a.code, 422);
  std::string ok = replace_all(patch, "::bad", "quay.io/x/ruby:3.2");
  a = ask("PATCH", path, nullptr, "application/strategic-merge-patch+json", &ok, &kStored);
  EXPECT_EQ(a.code, 200) << a.body;
  a = ask("DELETE", path, nullptr, nullptr, nullptr, &kStored);
  EXPECT_EQ(a.code, 405);
  EXPECT_EQ(a.body, kNotAllowed);
}

TEST_F(Request, UnknownPaths) {
  for (const char *p : {"/apis/image.openshift.io/v1/namespaces/demo/imagestreamtags/x:y", "/apis/image.openshift.io/v2/imagestreams",
                        "/api/v1/namespaces", "/apis/image.openshift.io/v1/namespaces/demo/imagestreams/ruby/secrets",
                        "/apis/image.openshift.io/v1/watch/namespaces/demo/imagestreams/ruby/status", "relative/path",
                        "/apis/image.openshift.io/v1/namespaces//imagestreams", "/apis/image.openshift.io/v1/imagestreams/",
                        "/apis/image.openshift.io/v1/namespaces/demo/imagestreams/a%2Fb"}) {
    Answer a = ask("GET", p, nullptr, nullptr, nullptr, &kStored);
    EXPECT_EQ(a.code, 404) << p;
    EXPECT_EQ(a.body, kNotFoundRoute) << p;
    EXPECT_EQ(a.findings, "H1:the server could not find the requested resource|");
  }
  Answer a = ask("GET", kNs + "/%2e%2e", nullptr, nullptr, nullptr, &kStored);
  EXPECT_EQ(a.code, 400);
  EXPECT_EQ(a.body, R"({"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"Name parameter invalid: \"..\": may not be '..'","reason":"BadRequest","code":400})");
}

// ---- query parameters
TEST_F(Request, DryRunValues) {
  EXPECT_EQ(ask("POST", kNs, "dryRun=All", nullptr, &kNew, nullptr).code, 201);
  EXPECT_EQ(ask("POST", kNs, "dryRun=All&dryRun=All", nullptr, &kNew, nullptr).code, 201);
  Answer a = ask("POST", kNs, "dryRun=all", nullptr, &kNew, nullptr);
  EXPECT_EQ(a.code, 422);
  EXPECT_EQ(a.body, R"({"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"CreateOptions.meta.k8s.io \"\" is invalid: dryRun: Unsupported value: [\"all\"]: supported values: \"All\"","reason":"Invalid","details":{"group":"meta.k8s.io","kind":"CreateOptions","causes":[{"reason":"FieldValueNotSupported","message":"Unsupported value: [\"all\"]: supported values: \"All\"","field":"dryRun"}]},"code":422})");
  a = ask("POST", kNs, "dryRun=", nullptr, &kNew, nullptr);
  EXPECT_EQ(a.findings, "H2:dryRun: Unsupported value: [\"\"]: supported values: \"All\"|");
  a = ask("POST", kNs, "dryRun=All&dryRun=x", nullptr, &kNew, nullptr);
  EXPECT_EQ(a.findings, "H2:dryRun: Unsupported value: [\"All\",\"x\"]: supported values: \"All\"|");
  std::string upd = kStored;
  a = ask("PUT", kNs + "/ruby", "dryRun=Nope", nullptr, &upd, &kStored);
  EXPECT_NE(a.body.find(R"("message":"UpdateOptions.meta.k8s.io \"\" is invalid: dryRun: Unsupported value: [\"Nope\"]: supported values: \"All\"")"), std::string::npos);
  std::string merge = "{}";
  a = ask("PATCH", kNs + "/ruby", "dryRun=Nope", "application/merge-patch+json", &merge, &kStored);
  EXPECT_NE(a.body.find(R"("message":"PatchOptions.meta.k8s.io \"\" is invalid: dryRun: Unsupported value: [\"Nope\"]: supported values: \"All\"")"), std::string::npos);
  // GET takes no dryRun.
  EXPECT_EQ(ask("GET", kNs + "/ruby", "dryRun=Nope", nullptr, nullptr, &kStored).code, 200);
}

TEST_F(Request, FieldValidationValues) {
  std::string unk = replace_all(kNew, R"("spec":{)", R"("spec":{"foo":1,)");
  Answer a = ask("POST", kNs, "fieldValidation=Strict", nullptr, &unk, nullptr);
  EXPECT_EQ(a.code, 400);
  EXPECT_EQ(a.body, R"({"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"ImageStream in version \"v1\" cannot be handled as a ImageStream: strict decoding error: unknown field \"spec.foo\"","reason":"BadRequest","code":400})");
  for (const char *q : {"fieldValidation=Warn", "fieldValidation=", "pretty=true"}) {
    a = ask("POST", kNs, q, nullptr, &unk, nullptr);
    EXPECT_EQ(a.code, 201) << q;
    EXPECT_EQ(a.findings, "D3:unknown field \"spec.foo\"|") << q;
    EXPECT_TRUE(a.valid);
  }
  a = ask("POST", kNs, "fieldValidation=Ignore", nullptr, &unk, nullptr);
  EXPECT_EQ(a.code, 201);
  EXPECT_EQ(a.findings, "");
  a = ask("POST", kNs, "fieldValidation=strict", nullptr, &unk, nullptr);
  EXPECT_EQ(a.code, 422);
  EXPECT_EQ(a.body, R"({"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"CreateOptions.meta.k8s.io \"\" is invalid: fieldValidation: Unsupported value: \"strict\": supported values: \"\", \"Ignore\", \"Strict\", \"Warn\"","reason":"Invalid","details":{"group":"meta.k8s.io","kind":"CreateOptions","causes":[{"reason":"FieldValueNotSupported","message":"Unsupported value: \"strict\": supported values: \"\", \"Ignore\", \"Strict\", \"Warn\"","field":"fieldValidation"}]},"code":422})");
  // Both bad: one Status with both causes, in the server's order.
  a = ask("POST", kNs, "fieldValidation=x&dryRun=y", nullptr, &unk, nullptr);
  EXPECT_EQ(a.findings, "H2:dryRun: Unsupported value: [\"y\"]: supported values: \"All\"|H2:fieldValidation: Unsupported value: \"x\": supported values: \"\", \"Ignore\", \"Strict\", \"Warn\"|");
  // The query may also follow the path.
  a = ask("POST", kNs + "?fieldValidation=Ignore", nullptr, nullptr, &unk, nullptr);
  EXPECT_EQ(a.findings, "");
}

TEST_F(Request, OtherOptions) {
  std::string long_manager(129, 'm');
  Answer a = ask("POST", kNs, ("fieldManager=" + long_manager).c_str(), nullptr, &kNew, nullptr);
  EXPECT_EQ(a.findings, "H2:fieldManager: Too long: may not be more than 128 bytes|");
  a = ask("POST", kNs, "fieldManager=a%01b", nullptr, &kNew, nullptr);
  EXPECT_EQ(a.findings, "H2:fieldManager: Invalid value: \"a\\x01b\": invalid character U+0001|");
  EXPECT_EQ(ask("POST", kNs, "fieldManager=kubectl-client-side-apply", nullptr, &kNew, nullptr).code, 201);
  std::string merge = "{}";
  a = ask("PATCH", kNs + "/ruby", "force=false", "application/merge-patch+json", &merge, &kStored);
  EXPECT_EQ(a.code, 422);
  EXPECT_EQ(a.findings, "H2:force: Forbidden: may not be specified for non-apply patch|");
  a = ask("DELETE", kNs + "/ruby", "orphanDependents=false&propagationPolicy=Orphan", nullptr, nullptr, &kStored);
  EXPECT_EQ(a.findings, "H2:propagationPolicy: Invalid value: \"Orphan\": orphanDependents and deletionPropagation cannot be both set|");
  for (const char *p : {"Foreground", "Background", "Orphan"})
    EXPECT_EQ(ask("DELETE", kNs + "/ruby", (std::string("propagationPolicy=") + p).c_str(), nullptr, nullptr, &kStored).code, 200);
}

TEST_F(Request, Arguments) {
  EXPECT_EQ(isc_validate_request(nullptr, "GET", "/", nullptr, nullptr, nullptr, 0, nullptr, 0, r_), ISC_EINVAL);
  EXPECT_EQ(isc_validate_request(v_, nullptr, "/", nullptr, nullptr, nullptr, 0, nullptr, 0, r_), ISC_EINVAL);
  EXPECT_EQ(isc_validate_request(v_, "GET", nullptr, nullptr, nullptr, nullptr, 0, nullptr, 0, r_), ISC_EINVAL);
  EXPECT_EQ(isc_validate_request(v_, "GET", "/", nullptr, nullptr, nullptr, 3, nullptr, 0, r_), ISC_EINVAL);
  EXPECT_EQ(isc_validate_patch(v_, ISC_OP_CREATE, "{}", 2, "{}", 2, ISC_PATCH_MERGE, r_), ISC_EINVAL);
  EXPECT_EQ(isc_validate_patch(v_, ISC_OP_UPDATE, "{}", 2, "{}", 2, static_cast<isc_patch_type>(9), r_), ISC_EINVAL);
  EXPECT_EQ(isc_report_http_status(nullptr), 0);
  EXPECT_EQ(isc_report_http_body(nullptr, nullptr), nullptr);
  // A stored object isconform cannot read: no answer, a U1 finding.
  std::string junk = "{{";
  Answer a = ask("GET", kNs + "/ruby", nullptr, nullptr, nullptr, &junk);
  EXPECT_EQ(a.code, 0);
  EXPECT_EQ(a.findings.rfind("U1:the stored object (old document) is not valid JSON or YAML: ", 0), 0u) << a.findings;
}

// ---- isc_validate_patch (isconform check --patch)
TEST_F(Request, ValidatePatchNormalized) {
  std::string smp = R"({"spec":{"tags":[{"name":"latest","$patch":"delete"}]}})";
  ASSERT_EQ(isc_validate_patch(v_, ISC_OP_UPDATE, kStored.data(), kStored.size(), smp.data(), smp.size(), ISC_PATCH_STRATEGIC, r_),
            ISC_OK);
  EXPECT_TRUE(isc_report_valid(r_));
  size_t len = 0;
  const char *n = isc_report_normalized(r_, &len);
  ASSERT_NE(n, nullptr);
  std::string norm(n, len);
  EXPECT_EQ(norm.find("\"latest\""), std::string::npos);
  EXPECT_NE(norm.find(R"("generation":3)"), std::string::npos);
  EXPECT_EQ(isc_report_http_status(r_), 200);
  EXPECT_EQ(std::string(isc_report_http_body(r_, nullptr)), norm);
  // Status update through a patch: spec changes are dropped.
  std::string both = R"({"spec":{"dockerImageRepository":"quay.io/x/other"},"metadata":{"labels":{"a":"b"}}})";
  ASSERT_EQ(isc_validate_patch(v_, ISC_OP_STATUS_UPDATE, kStored.data(), kStored.size(), both.data(), both.size(),
                               ISC_PATCH_MERGE, r_),
            ISC_OK);
  n = isc_report_normalized(r_, &len);
  ASSERT_NE(n, nullptr);
  norm.assign(n, len);
  EXPECT_EQ(norm.find("quay.io/x/other"), std::string::npos);
  EXPECT_NE(norm.find(R"("labels":{"a":"b"})"), std::string::npos);
}

// ---- responses
TEST_F(Request, Responses) {
  isc_file_report *fr = nullptr;
  ASSERT_EQ(isc_file_report_new(&fr), ISC_OK);
  auto check = [&](const char *kind, const std::string &buf) {
    EXPECT_EQ(isc_validate_response(v_, kind, buf.data(), buf.size(), fr), ISC_OK);
    std::string out;
    for (size_t i = 0; i < isc_file_report_count(fr); ++i) {
      const isc_report *r = isc_file_report_at(fr, i);
      for (size_t k = 0; k < isc_report_count(r); ++k)
        out += std::string(isc_report_object(r)) + " " + isc_finding_message(isc_report_at(r, k)) + "|";
    }
    return out;
  };
  // The server's own answers are valid responses.
  Answer get = ask("GET", kNs, nullptr, nullptr, nullptr, &kStored);
  EXPECT_EQ(check(nullptr, get.body), "");
  EXPECT_EQ(isc_file_report_count(fr), 2u);  // the list and its item
  Answer watch = ask("GET", kNs, "watch=1", nullptr, nullptr, &kStored);
  EXPECT_EQ(check("WatchEvent", watch.body + watch.body), "");
  EXPECT_EQ(check(nullptr, watch.body), "");
  Answer nf = ask("GET", kNs + "/x", nullptr, nullptr, nullptr, &kStored);
  EXPECT_EQ(check(nullptr, nf.body), "");
  Answer bad = ask("POST", kNs, "dryRun=x", nullptr, &kNew, nullptr);
  EXPECT_EQ(check("Status", bad.body), "");
  // Malformed ones.
  EXPECT_EQ(check(nullptr, R"({"kind":"ImageStreamList","apiVersion":"image.openshift.io/v1","metadata":{"rv":"1"}})"),
            " metadata.rv: unknown field| items: a list always carries items (an empty list: [])|");
  EXPECT_EQ(check(nullptr, R"({"kind":"ImageStreamList","apiVersion":"image.openshift.io/v1","metadata":{},"items":[{"metadata":{"name":"a"},"spec":{"tags":"x"}}]})"),
            "/items/0 json: cannot unmarshal string into Go struct field ImageStreamSpec.spec.tags of type []v1.TagReference|");
  EXPECT_EQ(check("WatchEvent", R"({"type":"UPDATED","object":{"kind":"Status","apiVersion":"v1","status":"Failure","code":500}})"),
            " type: must be ADDED, MODIFIED, DELETED, BOOKMARK or ERROR, not \"UPDATED\"|/object apiVersion: must be \"image.openshift.io/v1\", not \"v1\"|/object kind: must be \"ImageStream\", not \"Status\"|");
  EXPECT_EQ(check("WatchEvent", R"({"type":"ERROR","object":{"kind":"Status","apiVersion":"v1","status":"Failed","code":200}})"),
            "/object status: must be \"Success\" or \"Failure\", not \"Failed\"|");
  EXPECT_EQ(check("WatchEvent", R"({"type":"BOOKMARK","object":{"kind":"ImageStream","apiVersion":"image.openshift.io/v1","metadata":{}}})"),
            "/object metadata.resourceVersion: a BOOKMARK event carries the resourceVersion|");
  EXPECT_EQ(check("Status", R"({"kind":"Status","apiVersion":"v1","status":"Failure","code":200,"extra":1})"),
            " extra: unknown field| code: a Failure carries an error status (4xx or 5xx)|");
  EXPECT_EQ(check(nullptr, R"({"kind":"ImageStream","apiVersion":"image.openshift.io/v1","metadata":{"name":"a","namespace":"b"}})"),
            " metadata.uid: the server sets it on every stored ImageStream| metadata.resourceVersion: the server sets it on "
            "every stored ImageStream| metadata.creationTimestamp: the server sets it on every stored ImageStream| "
            "metadata.generation: the server sets a generation of at least 1 on every stored ImageStream|");
  EXPECT_EQ(check("WatchEvent", "{\"type\":\"ADDED\""), " unexpected end of JSON input|");
  isc_file_report_free(fr);
}

}  // namespace
