// Every schema section, compiled into the type model both engines use:
// valid and invalid instances per section, and the embedded text equals the
// file in schemas/.
#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "decode/structural.hh"
#include "isconform/isconform.h"
#include "json/parser.hh"
#include "schema/model.hh"

using namespace isc::detail;

namespace {

struct SectionCase {
  const char *section;
  const char *instance;
  const char *first_error;  // "" when valid; else the unknown-field or type-error message
};

class Schema : public ::testing::TestWithParam<SectionCase> {};

std::string run(const char *section, const char *instance) {
  static std::shared_ptr<const Model> model = Model::compile();
  const TypeNode *t = model->root(section);
  EXPECT_NE(t, nullptr) << section;
  if (!t) return "no such section";
  Doc d;
  JsonError e;
  EXPECT_TRUE(parse_json_document(instance, d, e)) << e.message;
  DecodeResult r;
  StructuralScratch s;
  StructuralOptions o;
  check_structure(d, d.root, t, o, r, s);
  if (r.has_immediate) return r.immediate.message;
  if (r.has_type) return r.type.message;
  if (!r.unknown.empty()) return r.unknown[0].message;
  return "";
}

TEST_P(Schema, Section) {
  const SectionCase &c = GetParam();
  EXPECT_EQ(run(c.section, c.instance), c.first_error) << c.section << ": " << c.instance;
}

const SectionCase kCases[] = {
    {"ImageStream", R"({"apiVersion":"image.openshift.io/v1","kind":"ImageStream","metadata":{},"spec":{},"status":{}})", ""},
    {"ImageStream", R"({"labels":{}})", "unknown field \"labels\""},
    {"ImageStream", R"({"status":[]})", "json: cannot unmarshal array into Go struct field ImageStream.status of type v1.ImageStreamStatus"},
    {"ImageStreamSpec", R"({"lookupPolicy":{"local":true},"dockerImageRepository":"a","tags":[]})", ""},
    {"ImageStreamSpec", R"({"tags":{}})", "json: cannot unmarshal object into Go struct field ImageStreamSpec.tags of type []v1.TagReference"},
    {"ImageLookupPolicy", R"({"local":false})", ""},
    {"ImageLookupPolicy", R"({"local":0})", "json: cannot unmarshal number into Go struct field ImageLookupPolicy.local of type bool"},
    {"TagReference", R"({"name":"a","annotations":{"b":"c"},"from":{},"reference":true,"generation":2,"importPolicy":{},"referencePolicy":{}})", ""},
    {"TagReference", R"({"name":"a","tag":"b"})", "unknown field \"tag\""},
    {"TagReference", R"({"generation":"2"})", "json: cannot unmarshal string into Go struct field TagReference.generation of type int64"},
    {"TagImportPolicy", R"({"insecure":true,"scheduled":false,"importMode":"Legacy"})", ""},
    {"TagImportPolicy", R"({"scheduled":"yes"})", "json: cannot unmarshal string into Go struct field TagImportPolicy.scheduled of type bool"},
    {"TagReferencePolicy", R"({"type":"Local"})", ""},
    {"TagReferencePolicy", R"({"type":true})", "json: cannot unmarshal bool into Go struct field TagReferencePolicy.type of type v1.TagReferencePolicyType"},
    {"ObjectReference", R"({"kind":"k","namespace":"n","name":"m","uid":"u","apiVersion":"a","resourceVersion":"r","fieldPath":"f"})", ""},
    {"ObjectReference", R"({"Kind":"x"})", "unknown field \"Kind\""},
    {"ObjectReference", R"({"uid":1})", "json: cannot unmarshal number into Go struct field ObjectReference.uid of type types.UID"},
    {"ImageStreamStatus", R"({"dockerImageRepository":"a","publicDockerImageRepository":"b","tags":[]})", ""},
    {"ImageStreamStatus", R"({"tags":[1]})", "json: cannot unmarshal number into Go struct field ImageStreamStatus.tags of type v1.NamedTagEventList"},
    {"NamedTagEventList", R"({"tag":"a","items":[],"conditions":[]})", ""},
    {"NamedTagEventList", R"({"items":{}})", "json: cannot unmarshal object into Go struct field NamedTagEventList.items of type []v1.TagEvent"},
    {"TagEventCondition", R"({"type":"ImportSuccess","status":"False","lastTransitionTime":"2020-01-01T00:00:00Z","reason":"r","message":"m","generation":1})", ""},
    {"TagEventCondition", R"({"status":false})", "json: cannot unmarshal bool into Go struct field TagEventCondition.status of type v1.ConditionStatus"},
    {"TagEvent", R"({"created":"2020-01-01T00:00:00Z","dockerImageReference":"a","image":"b","generation":3})", ""},
    {"TagEvent", R"({"created":"2020-01-01"})", "parsing time \"2020-01-01\" as \"2006-01-02T15:04:05Z07:00\": cannot parse \"\" as \"T\""},
    {"ObjectMeta", R"({"name":"a","ownerReferences":[{"apiVersion":"v1","kind":"K","name":"n","uid":"u","controller":true}],"managedFields":[{"fieldsV1":{"f:a":{}}}]})", ""},
    {"ObjectMeta", R"({"ownerReferences":[{"controller":"true"}]})", "json: cannot unmarshal string into Go struct field OwnerReference.ownerReferences.controller of type bool"},
    {"ObjectMeta", R"({"finalizers":"x"})", "json: cannot unmarshal string into Go struct field ObjectMeta.finalizers of type []string"},
    {"ImageStreamList", R"({"apiVersion":"image.openshift.io/v1","kind":"ImageStreamList","metadata":{"resourceVersion":"1"},"items":[{"metadata":{"name":"a"}}]})", ""},
    {"ImageStreamList", R"({"items":[{"spec":{"tags":[{"x":1}]}}]})", "unknown field \"items[0].spec.tags[0].x\""},
};

INSTANTIATE_TEST_SUITE_P(Sections, Schema, ::testing::ValuesIn(kCases));

TEST(SchemaModel, EveryEmbeddedSchemaCompilesAndEqualsItsFile) {
  auto model = Model::compile();
  ASSERT_EQ(isc_schema_count(), 13u);
  for (size_t i = 0; i < isc_schema_count(); ++i) {
    std::string name = isc_schema_name(i);
    EXPECT_NE(model->root(name), nullptr) << name;
    std::ifstream f(std::string(ISC_SOURCE_ROOT) + "/schemas/" + name + ".json", std::ios::binary);
    ASSERT_TRUE(f) << name;
    std::stringstream ss;
    ss << f.rdbuf();
    size_t len = 0;
    const char *text = isc_schema_get(name.c_str(), &len);
    ASSERT_NE(text, nullptr);
    EXPECT_EQ(std::string(text, len), ss.str()) << name;
  }
}

TEST(SchemaModel, RequiredListsBecomeWarnings) {
  auto model = Model::compile();
  Doc d;
  JsonError e;
  ASSERT_TRUE(parse_json_document(R"({"tag":"a"})", d, e));
  DecodeResult r;
  StructuralScratch s;
  StructuralOptions o;
  check_structure(d, d.root, model->root("NamedTagEventList"), o, r, s);
  ASSERT_EQ(r.required.size(), 1u);
  EXPECT_EQ(r.required[0].field, "items");
}

// The field index of every struct of the model: each field is found under
// its exact name and nothing else is (a prefix, a longer name, another case).
TEST(SchemaModel, StructFieldsAreFoundByExactName) {
  auto model = Model::compile();
  std::vector<const TypeNode *> todo;
  for (size_t i = 0; i < isc_schema_count(); ++i) todo.push_back(model->root(isc_schema_name(i)));
  size_t structs = 0, fields = 0;
  std::set<const TypeNode *> seen;
  while (!todo.empty()) {
    const TypeNode *t = todo.back();
    todo.pop_back();
    if (!t || !seen.insert(t).second) continue;
    if (t->elem) todo.push_back(t->elem);
    if (t->kind != TKind::Struct) continue;
    ++structs;
    ASSERT_EQ(t->required_fields.size(), t->required.size()) << t->location;
    for (size_t k = 0; k < t->required.size(); ++k) {
      ASSERT_GE(t->required_fields[k], 0) << t->location << " " << t->required[k];
      EXPECT_EQ(t->fields[static_cast<size_t>(t->required_fields[k])].name, t->required[k]) << t->location;
    }
    for (size_t i = 0; i < t->fields.size(); ++i) {
      const std::string &name = t->fields[i].name;
      ++fields;
      EXPECT_EQ(t->field_index(name), static_cast<int>(i)) << t->location << " " << name;
      todo.push_back(t->fields[i].type);
      std::string upper = name;
      upper[0] = static_cast<char>(upper[0] ^ 0x20);
      for (const std::string &other : {name.substr(0, name.size() - 1), name + "s", upper, std::string()}) {
        int j = t->field_index(other);
        if (j >= 0) {
          EXPECT_EQ(t->fields[static_cast<size_t>(j)].name, other) << t->location << " " << other;
        }
      }
    }
  }
  EXPECT_GE(structs, 10u);
  EXPECT_GE(fields, 60u);
  EXPECT_EQ(model->image_stream()->field_index("metadata"), 2);  // apiVersion, kind, metadata, spec, status
}

}  // namespace
