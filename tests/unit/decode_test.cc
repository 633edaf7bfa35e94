// Decoding through the public API: unknown, duplicate, wrong-typed and
// case-mismatched fields under each field-validation mode, with the API
// server decoder's exact messages (spec/decoding-rules.md §1-§2, §4).
#include <gtest/gtest.h>

#include <string>
#include <tuple>
#include <vector>

#include "decode/gotime.hh"
#include "isconform/isconform.h"

namespace {

struct F {
  std::string severity, field, type, message, rule;
  uint32_t line, column;
  bool operator==(const F &o) const {
    return std::tie(severity, field, type, message, rule) == std::tie(o.severity, o.field, o.type, o.message, o.rule);
  }
};

std::ostream &operator<<(std::ostream &os, const F &f) {
  return os << "{" << f.severity << ", " << f.field << ", " << f.type << ", " << f.message << ", " << f.rule << " @"
            << f.line << ":" << f.column << "}";
}

class Decode : public ::testing::Test {
 protected:
  std::vector<F> check(const std::string &doc, isc_field_validation mode = ISC_FIELD_VALIDATION_STRICT,
                       std::string *normalized = nullptr) {
    isc_options *o = nullptr;
    EXPECT_EQ(isc_options_new(&o), ISC_OK);
    isc_options_set_field_validation(o, mode);
    isc_validator *v = nullptr;
    EXPECT_EQ(isc_validator_new(&v, o), ISC_OK);
    isc_options_free(o);
    isc_report *r = nullptr;
    EXPECT_EQ(isc_report_new(&r), ISC_OK);
    EXPECT_EQ(isc_validate(v, ISC_OP_CREATE, doc.data(), doc.size(), nullptr, 0, r), ISC_OK);
    std::vector<F> out;
    for (size_t i = 0; i < isc_report_count(r); ++i) {
      const isc_finding *f = isc_report_at(r, i);
      out.push_back(F{isc_finding_severity(f) == ISC_SEVERITY_ERROR ? "error" : "warning", isc_finding_field(f),
                      isc_finding_type(f), isc_finding_message(f), isc_finding_rule(f), isc_finding_line(f),
                      isc_finding_column(f)});
    }
    if (normalized) {
      const char *n = isc_report_normalized(r, nullptr);
      *normalized = n ? n : "";
    }
    isc_report_free(r);
    isc_validator_free(v);
    return out;
  }
  // A valid stream with `extra` spliced into the top-level object.
  static std::string stream(const std::string &metadata_extra = "", const std::string &top_extra = "") {
    return R"({"apiVersion":"image.openshift.io/v1","kind":"ImageStream","metadata":{"name":"a","namespace":"n")" +
           metadata_extra + "}" + top_extra + "}";
  }
  static F err(const std::string &field, const std::string &type, const std::string &msg, const std::string &rule) {
    return F{"error", field, type, msg, rule, 0, 0};
  }
  static F warn(const std::string &field, const std::string &type, const std::string &msg, const std::string &rule) {
    return F{"warning", field, type, msg, rule, 0, 0};
  }
};

TEST_F(Decode, UnknownFieldUnderEachMode) {
  std::string doc = stream(R"(,"colour":"red")");
  auto strict = check(doc);
  ASSERT_EQ(strict.size(), 1u);
  EXPECT_EQ(strict[0], err("metadata.colour", "UnknownField", "unknown field \"metadata.colour\"", "D3"));
  EXPECT_EQ(strict[0].line, 1u);
  EXPECT_EQ(strict[0].column, 99u);  // the key
  auto w = check(doc, ISC_FIELD_VALIDATION_WARN);
  ASSERT_EQ(w.size(), 1u);
  EXPECT_EQ(w[0], warn("metadata.colour", "UnknownField", "unknown field \"metadata.colour\"", "D3"));
  EXPECT_TRUE(check(doc, ISC_FIELD_VALIDATION_IGNORE).empty());
}

TEST_F(Decode, CaseMismatchedFieldsAreUnknown) {
  auto f = check(stream("", R"(,"Spec":{},"spec":{"tags":[{"Name":"x","name":"y"}]})"));
  std::vector<F> want = {err("Spec", "UnknownField", "unknown field \"Spec\"", "D3"),
                         err("spec.tags[0].Name", "UnknownField", "unknown field \"spec.tags[0].Name\"", "D3")};
  EXPECT_EQ(f, want);
}

TEST_F(Decode, DuplicateFieldsInStructsAndMaps) {
  auto f = check(stream(R"(,"name":"b","annotations":{"k":"1","k":"2"})"));
  std::vector<F> want = {err("metadata.name", "DuplicateField", "duplicate field \"metadata.name\"", "D4"),
                         err("metadata.annotations.k", "DuplicateField",
                             "duplicate field \"metadata.annotations.k\"", "D4")};
  EXPECT_EQ(f, want);
}

TEST_F(Decode, UnknownAndDuplicatedIsReportedOnceAsUnknown) {
  auto f = check(stream(R"(,"x":1,"x":2)"));
  std::vector<F> want = {err("metadata.x", "UnknownField", "unknown field \"metadata.x\"", "D3")};
  EXPECT_EQ(f, want);
}

TEST_F(Decode, IgnoreModeMergesDuplicatesLikeGo) {
  // The later occurrence is decoded into the earlier one: objects merge,
  // arrays are decoded element by element and cut to the later length.
  std::string normalized;
  auto f = check(
      R"({"apiVersion":"image.openshift.io/v1","kind":"ImageStream","metadata":{"name":"a","namespace":"n"},)"
      R"("spec":{"tags":[{"name":"a"},{"name":"b"}]},"spec":{"tags":[{"from":{"kind":"DockerImage","name":"x"}}]}})",
      ISC_FIELD_VALIDATION_IGNORE, &normalized);
  for (const auto &x : f) EXPECT_EQ(x.severity, "warning") << x;
  EXPECT_NE(normalized.find(R"("tags":[{"name":"a","annotations":null,"from":{"kind":"DockerImage","name":"x"})"),
            std::string::npos)
      << normalized;
  EXPECT_EQ(normalized.find(R"("name":"b")"), std::string::npos) << normalized;
}

TEST_F(Decode, TypeErrorsHaveGoMessages) {
  struct Case {
    std::string top, field, message;
  };
  std::vector<Case> cases = {
      {R"(,"spec":{"tags":"x"})", "spec.tags",
       "json: cannot unmarshal string into Go struct field ImageStreamSpec.spec.tags of type []v1.TagReference"},
      {R"(,"spec":{"tags":["x"]})", "spec.tags[0]",
       "json: cannot unmarshal string into Go struct field ImageStreamSpec.spec.tags of type v1.TagReference"},
      {R"(,"spec":{"tags":[{"from":{"kind":5}}]})", "spec.tags[0].from.kind",
       "json: cannot unmarshal number into Go struct field ObjectReference.spec.tags.from.kind of type string"},
      {R"(,"spec":{"tags":[{"importPolicy":{"insecure":"true"}}]})", "spec.tags[0].importPolicy.insecure",
       "json: cannot unmarshal string into Go struct field TagImportPolicy.spec.tags.importPolicy.insecure of type "
       "bool"},
      {R"(,"spec":{"tags":[{"importPolicy":{"importMode":5}}]})", "spec.tags[0].importPolicy.importMode",
       "json: cannot unmarshal number into Go struct field TagImportPolicy.spec.tags.importPolicy.importMode of type "
       "v1.ImportModeType"},
      {R"(,"spec":{"tags":[{"generation":1.5}]})", "spec.tags[0].generation",
       "json: cannot unmarshal number 1.5 into Go struct field TagReference.spec.tags.generation of type int64"},
      {R"(,"spec":[])", "spec",
       "json: cannot unmarshal array into Go struct field ImageStream.spec of type v1.ImageStreamSpec"},
  };
  for (const auto &c : cases) {
    auto f = check(stream("", c.top));
    ASSERT_EQ(f.size(), 1u) << c.top;
    EXPECT_EQ(f[0], err(c.field, "TypeError", c.message, "D2")) << c.top;
  }
}

TEST_F(Decode, MetadataTypeErrors) {
  auto f = check(stream(R"(,"generation":1.0)"));
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0], err("metadata.generation", "TypeError",
                      "json: cannot unmarshal number 1.0 into Go struct field ObjectMeta.metadata.generation of type "
                      "int64",
                      "D2"));
  f = check(stream(R"(,"generation":9223372036854775808)"));
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].message,
            "json: cannot unmarshal number 9223372036854775808 into Go struct field ObjectMeta.metadata.generation of "
            "type int64");
  EXPECT_TRUE(check(stream(R"(,"generation":-9223372036854775808)")).empty());
  f = check(stream(R"(,"annotations":{"version":2.4})"));
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0], err("metadata.annotations.version", "TypeError",
                      "json: cannot unmarshal number into Go struct field ObjectMeta.metadata.annotations of type "
                      "string",
                      "D2"));
}

TEST_F(Decode, OnlyTheFirstTypeErrorAndItHidesStrictErrors) {
  auto f = check(stream(R"(,"unknown":1,"labels":{"a":1},"finalizers":[2])"));
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].field, "metadata.labels.a");
  EXPECT_EQ(f[0].message,
            "json: cannot unmarshal number into Go struct field ObjectMeta.metadata.labels of type string");
}

TEST_F(Decode, TimesAreParsedAsRfc3339) {
  auto f = check(stream(R"(,"creationTimestamp":5)"));
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0], err("metadata.creationTimestamp", "TypeError",
                      "json: cannot unmarshal number into Go struct field ObjectMeta.metadata.creationTimestamp of type string",
                      "D2"));
  f = check(stream(R"(,"creationTimestamp":"2015-13-01T00:00:00Z")"));
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].message, "parsing time \"2015-13-01T00:00:00Z\": month out of range");
  f = check(stream(R"(,"creationTimestamp":"yesterday")"));
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].message,
            "parsing time \"yesterday\" as \"2006-01-02T15:04:05Z07:00\": cannot parse \"yesterday\" as \"2006\"");
  f = check(stream(R"(,"creationTimestamp":"2015-10-12")"));
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].message,
            "parsing time \"2015-10-12\" as \"2006-01-02T15:04:05Z07:00\": cannot parse \"\" as \"T\"");
  f = check(stream(R"(,"creationTimestamp":"2016-02-30T10:00:00Z")"));
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].message, "parsing time \"2016-02-30T10:00:00Z\": day out of range");
  EXPECT_TRUE(check(stream(R"(,"creationTimestamp":"2015-10-12T12:16:36.5+02:00")")).empty());
  EXPECT_TRUE(check(stream(R"(,"creationTimestamp":null)")).empty());
  // A time error aborts decoding at once: it wins over an earlier type error.
  f = check(stream(R"(,"generation":"x","creationTimestamp":"bad")"));
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].field, "metadata.creationTimestamp");
}

// time/format.go parse(), element "Z07:00" (Go 1.20+): the hour and minute
// are read, "> 24" / "> 60" set the range error (the minute's overwrites the
// hour's) even when the minute or the sign is bad, and the range error is
// reported before the bad value.
TEST_F(Decode, TimeZoneOffsetRangeComesBeforeABadValue) {
  auto one = [&](const std::string &t) {
    auto f = check(stream(R"(,"creationTimestamp":")" + t + "\""));
    EXPECT_EQ(f.size(), 1u) << t;
    return f.empty() ? F{} : f[0];
  };
  auto range = [&](const std::string &t, const char *what) {
    return err("metadata.creationTimestamp", "TypeError",
               "parsing time \"" + t + "\": time zone offset " + what + " out of range", "D2");
  };
  auto bad = [&](const std::string &t, const std::string &elem) {
    return err("metadata.creationTimestamp", "TypeError",
               "parsing time \"" + t + "\" as \"2006-01-02T15:04:05Z07:00\": cannot parse \"" + elem +
                   "\" as \"Z07:00\"",
               "D2");
  };
  const std::string d = "2015-10-12T12:16:36";
  EXPECT_EQ(one(d + "+25:xx"), range(d + "+25:xx", "hour"));  // bad minute, hour out of range
  EXPECT_EQ(one(d + "X25:00"), range(d + "X25:00", "hour"));  // bad sign, hour out of range
  EXPECT_EQ(one(d + "+25:61"), range(d + "+25:61", "minute"));
  EXPECT_EQ(one(d + "+23:61"), range(d + "+23:61", "minute"));
  EXPECT_EQ(one(d + "X23:00"), bad(d + "X23:00", "X23:00"));
  EXPECT_EQ(one(d + "+xx:61"), bad(d + "+xx:61", "+xx:61"));  // the minute is not read after a bad hour
  EXPECT_EQ(one(d + "+2x:99"), bad(d + "+2x:99", "+2x:99"));
  EXPECT_EQ(one(d + "+0100"), bad(d + "+0100", "+0100"));
  // 24 hours and 60 minutes are in range.
  EXPECT_TRUE(check(stream(R"(,"creationTimestamp":"2015-10-12T12:16:36+24:60")")).empty());
  EXPECT_TRUE(check(stream(R"(,"creationTimestamp":"2015-10-12T12:16:36-24:00")")).empty());
}

TEST(GoTime, InstantsAndMetav1Json) {
  using isc::detail::GoTime;
  auto at = [](const std::string &s) {
    GoTime t;
    EXPECT_EQ(isc::detail::go_rfc3339_parse(s, &t), "") << s;
    return t;
  };
  EXPECT_EQ(at("2024-01-01T01:00:00.5+01:00"), at("2024-01-01T00:00:00.5Z"));
  EXPECT_NE(at("2024-01-01T00:00:00.5Z"), at("2024-01-01T00:00:00Z"));
  EXPECT_EQ(at("1970-01-01T00:00:00Z").unix, 0);
  EXPECT_EQ(at("2015-10-12T12:16:36,1234567899Z").nsec, 123456789);  // truncated to nanoseconds
  EXPECT_EQ(at("2015-10-12T12:16:36+24:60").unix, at("2015-10-11T11:16:36Z").unix);
  EXPECT_TRUE(at("0001-01-01T00:00:00Z").is_zero());
  EXPECT_TRUE(at("0001-01-01T01:00:00+01:00").is_zero());
  EXPECT_FALSE(at("0001-01-01T00:00:00.000000001Z").is_zero());
  EXPECT_TRUE(isc::detail::go_time_of("").is_zero());  // null or absent
  EXPECT_EQ(isc::detail::go_metav1_time_json(at("2024-01-01T01:00:00.5+01:00")), "\"2024-01-01T00:00:00Z\"");
  EXPECT_EQ(isc::detail::go_metav1_time_json(at("2015-10-12T23:30:00-01:30")), "\"2015-10-13T01:00:00Z\"");
  EXPECT_EQ(isc::detail::go_metav1_time_json(at("0001-01-01T01:00:00+01:00")), "null");
  EXPECT_EQ(isc::detail::go_metav1_time_json(at("0001-01-01T00:00:00.5Z")), "\"0001-01-01T00:00:00Z\"");
  GoTime t;
  EXPECT_EQ(isc::detail::go_rfc3339_parse("2015-10-12T12:16:36+25:00", &t),
            "parsing time \"2015-10-12T12:16:36+25:00\": time zone offset hour out of range");
}

TEST_F(Decode, NullIsAcceptedEverywhere) {
  auto f = check(stream(R"(,"labels":null,"annotations":{"a":null},"generation":null)",
                        R"(,"spec":{"lookupPolicy":null,"tags":[{"name":"x","from":null,"generation":null,)"
                        R"("importPolicy":null,"referencePolicy":null,"annotations":null}]},"status":null)"));
  EXPECT_TRUE(f.empty()) << f.size();
}

TEST_F(Decode, ApiVersionAndKind) {
  auto f = check(R"({"apiVersion":"v1","kind":"ImageStream","metadata":{"name":"a","namespace":"n"}})");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].rule, "K3");
  EXPECT_EQ(f[0].field, "apiVersion");
  EXPECT_NE(f[0].message.find("use apiVersion: image.openshift.io/v1"), std::string::npos);
  f = check(R"({"metadata":{"name":"a","namespace":"n"}})");
  std::vector<F> want = {err("apiVersion", "BadRequest", "apiVersion not set", "K1"),
                         err("kind", "BadRequest", "kind not set", "K1")};
  EXPECT_EQ(f, want);
  f = check(R"({"apiVersion":"image.openshift.io/v1beta1","kind":"ImageStream"})");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].rule, "K4");
  f = check(R"({"apiVersion":"v1","kind":"List","items":[]})");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].rule, "K2");
}

TEST_F(Decode, InvalidUtf8IsAnError) {
  auto f = check(stream(",\"annotations\":{\"a\":\"x\xff\"}"));
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].type, "InvalidUTF8");
  EXPECT_EQ(f[0].field, "metadata.annotations.a");
}

TEST_F(Decode, RequiredBySchemaIsAWarning) {
  auto f = check(stream("", R"(,"spec":{"lookupPolicy":{},"tags":[{"from":{"kind":"DockerImage","name":"x"}}]})"));
  std::vector<std::string> fields;
  for (const auto &x : f) {
    EXPECT_EQ(x.severity, "warning") << x;
    if (x.rule == "W3") fields.push_back(x.field);
  }
  std::vector<std::string> want = {"spec.lookupPolicy.local", "spec.tags[0].name"};
  EXPECT_EQ(fields, want);
}

}  // namespace

// Found by fuzz/determinism_fuzzer: the structural pass keeps its per-level
// duplicate lists between documents; a YAML document (whose duplicates the
// YAML loader reports) must not inherit those of the JSON document before it.
TEST(DecodeReuse, YamlAfterJsonWithDuplicatesGetsNoStaleDuplicates) {
  isc_options *o = nullptr;
  isc_validator *v = nullptr;
  ASSERT_EQ(isc_options_new(&o), ISC_OK);
  ASSERT_EQ(isc_options_set_field_validation(o, ISC_FIELD_VALIDATION_WARN), ISC_OK);
  ASSERT_EQ(isc_validator_new(&v, o), ISC_OK);
  isc_options_free(o);
  const std::string json =
      R"({"apiVersion":"image.openshift.io/v1","kind":"ImageStream",)"
      R"("metadata":{"name":"a","namespace":"n","labels":{"x":"1"},"labels":{"y":"2"}}})";
  const std::string yaml =
      "apiVersion: image.openshift.io/v1\nkind: ImageStream\nmetadata:\n  name: a\n  namespace: demo\n"
      "  annotations: {a: b}\n  labels: {app: app}\n";  // labels at the tape index of the JSON duplicate
  auto findings = [&](isc_report *r, const std::string &doc) {
    std::vector<std::string> out;
    EXPECT_EQ(isc_validate(v, ISC_OP_CREATE, doc.data(), doc.size(), nullptr, 0, r), ISC_OK);
    for (size_t i = 0; i < isc_report_count(r); ++i)
      out.push_back(std::string(isc_finding_field(isc_report_at(r, i))) + " " + isc_finding_rule(isc_report_at(r, i)));
    return out;
  };
  isc_report *fresh = nullptr, *reused = nullptr;
  ASSERT_EQ(isc_report_new(&fresh), ISC_OK);
  ASSERT_EQ(isc_report_new(&reused), ISC_OK);
  std::vector<std::string> want = findings(fresh, yaml);
  std::vector<std::string> dup = findings(reused, json);
  ASSERT_EQ(dup, std::vector<std::string>{"metadata.labels D4"});
  EXPECT_EQ(findings(reused, yaml), want);
  EXPECT_EQ(want, std::vector<std::string>{});
  isc_report_free(fresh);
  isc_report_free(reused);
  isc_validator_free(v);
}
