// The three PATCH engines against the semantics of the server's patch
// machinery (json-patch v4, RFC 7386 as json-patch v4 implements it,
// apimachinery strategicpatch with the ImageStream's merge keys).
#include <gtest/gtest.h>

#include <random>
#include <string>

#include "json/parser.hh"
#include "request/patch.hh"
#include "request/value.hh"

using namespace isc::detail;

namespace {

JValue parse(const std::string &s) {
  Doc d;
  JsonError e;
  EXPECT_TRUE(parse_json_document(s, d, e)) << e.message << " in " << s;
  JValue v;
  EXPECT_TRUE(from_doc(d, d.root, v, 1000));
  return v;
}

PatchResult run(PatchKind k, const std::string &doc, const std::string &patch,
                isc_field_validation mode = ISC_FIELD_VALIDATION_STRICT) {
  return apply_patch(k, parse(doc), patch, mode, 1000);
}

std::string applied(PatchKind k, const std::string &doc, const std::string &patch) {
  PatchResult r = run(k, doc, patch);
  EXPECT_TRUE(r.ok) << r.failure.detail;
  return to_json(r.result);
}

// Fails with the given HTTP code; returns the finding's detail.
std::string failure(PatchKind k, const std::string &doc, const std::string &patch, int code,
                    isc_field_validation mode = ISC_FIELD_VALIDATION_STRICT) {
  PatchResult r = run(k, doc, patch, mode);
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.failure.code, code) << r.failure.detail;
  return r.failure.detail;
}

const std::string kDoc = R"({"a":{"b":[1,2,3],"c":"x"},"d":null})";

// ---------------------------------------------------------------- JSON Patch

TEST(JsonPatch, Operations) {
  EXPECT_EQ(applied(PatchKind::Json, kDoc, R"([{"op":"add","path":"/a/e","value":true}])"),
            R"({"a":{"b":[1,2,3],"c":"x","e":true},"d":null})");
  EXPECT_EQ(applied(PatchKind::Json, kDoc, R"([{"op":"add","path":"/a/b/1","value":9}])"),
            R"({"a":{"b":[1,9,2,3],"c":"x"},"d":null})");
  EXPECT_EQ(applied(PatchKind::Json, kDoc, R"([{"op":"add","path":"/a/b/-","value":4}])"),
            R"({"a":{"b":[1,2,3,4],"c":"x"},"d":null})");
  EXPECT_EQ(applied(PatchKind::Json, kDoc, R"([{"op":"remove","path":"/a/b/0"}])"),
            R"({"a":{"b":[2,3],"c":"x"},"d":null})");
  EXPECT_EQ(applied(PatchKind::Json, kDoc, R"([{"op":"replace","path":"/a/c","value":"y"}])"),
            R"({"a":{"b":[1,2,3],"c":"y"},"d":null})");
  EXPECT_EQ(applied(PatchKind::Json, kDoc, R"([{"op":"move","from":"/a/c","path":"/z"}])"),
            R"({"a":{"b":[1,2,3]},"d":null,"z":"x"})");
  EXPECT_EQ(applied(PatchKind::Json, kDoc, R"([{"op":"copy","from":"/a/b","path":"/a/k"}])"),
            R"({"a":{"b":[1,2,3],"c":"x","k":[1,2,3]},"d":null})");
  EXPECT_EQ(applied(PatchKind::Json, kDoc, R"([{"op":"test","path":"/a/b","value":[1,2,3]}])"), to_json(parse(kDoc)));
  // A null member and a missing one both test equal to null.
  EXPECT_EQ(applied(PatchKind::Json, kDoc, R"([{"op":"test","path":"/d","value":null},{"op":"test","path":"/q","value":null}])"),
            to_json(parse(kDoc)));
  // add without value adds null.
  EXPECT_EQ(applied(PatchKind::Json, kDoc, R"([{"op":"add","path":"/n"}])"), R"({"a":{"b":[1,2,3],"c":"x"},"d":null,"n":null})");
  // An empty patch and a null patch change nothing.
  EXPECT_EQ(applied(PatchKind::Json, kDoc, "[]"), to_json(parse(kDoc)));
  EXPECT_EQ(applied(PatchKind::Json, kDoc, "null"), to_json(parse(kDoc)));
}

TEST(JsonPatch, PointerEscaping) {
  const std::string doc = R"({"m":{"a/b":1,"c~d":2,"~1":3}})";
  EXPECT_EQ(applied(PatchKind::Json, doc, R"([{"op":"replace","path":"/m/a~1b","value":5}])"), R"({"m":{"a/b":5,"c~d":2,"~1":3}})");
  EXPECT_EQ(applied(PatchKind::Json, doc, R"([{"op":"remove","path":"/m/c~0d"}])"), R"({"m":{"a/b":1,"~1":3}})");
  // "~01" is "~1" (~0 decoded after ~1).
  EXPECT_EQ(applied(PatchKind::Json, doc, R"([{"op":"remove","path":"/m/~01"}])"), R"({"m":{"a/b":1,"c~d":2}})");
}

TEST(JsonPatch, ServerQuirks) {
  // Index -1 is the last element; a leading zero is accepted.
  EXPECT_EQ(applied(PatchKind::Json, kDoc, R"([{"op":"remove","path":"/a/b/-1"}])"), R"({"a":{"b":[1,2],"c":"x"},"d":null})");
  EXPECT_EQ(applied(PatchKind::Json, kDoc, R"([{"op":"replace","path":"/a/b/01","value":7}])"),
            R"({"a":{"b":[1,7,3],"c":"x"},"d":null})");
  // replace of a missing member adds it.
  EXPECT_EQ(applied(PatchKind::Json, kDoc, R"([{"op":"replace","path":"/a/new","value":1}])"),
            R"({"a":{"b":[1,2,3],"c":"x","new":1},"d":null})");
  // A path without a leading slash loses its first name.
  EXPECT_EQ(applied(PatchKind::Json, kDoc, R"([{"op":"add","path":"ignored/top","value":1}])"),
            R"({"a":{"b":[1,2,3],"c":"x"},"d":null,"top":1})");
}

TEST(JsonPatch, ErrorMessages) {
  EXPECT_EQ(failure(PatchKind::Json, kDoc, R"([{"op":"test","path":"/a/c","value":"y"}])", 422),
            "testing value /a/c failed: test failed");
  EXPECT_EQ(failure(PatchKind::Json, kDoc, R"([{"op":"test","path":"/a/b","value":[1,2]}])", 422),
            "testing value /a/b failed: test failed");
  EXPECT_EQ(failure(PatchKind::Json, kDoc, R"([{"op":"add","path":"/x/y","value":1}])", 422),
            "add operation does not apply: doc is missing path: \"/x/y\": missing value");
  EXPECT_EQ(failure(PatchKind::Json, kDoc, R"([{"op":"remove","path":"/a/zz"}])", 422),
            "error in remove for path: '/a/zz': Unable to remove nonexistent key: zz: missing value");
  EXPECT_EQ(failure(PatchKind::Json, kDoc, R"([{"op":"remove","path":"/x/y"}])", 422),
            "remove operation does not apply: doc is missing path: \"/x/y\": missing value");
  EXPECT_EQ(failure(PatchKind::Json, kDoc, R"([{"op":"replace","path":"/a/b/7","value":1}])", 422),
            "replace operation does not apply: doc is missing key: /a/b/7: missing value");
  EXPECT_EQ(failure(PatchKind::Json, kDoc, R"([{"op":"add","path":"/a/b/9","value":1}])", 422),
            "error in add for path: '/a/b/9': Unable to access invalid index: 9: invalid index referenced");
  EXPECT_EQ(failure(PatchKind::Json, kDoc, R"([{"op":"add","path":"/a/b/x","value":1}])", 422),
            "error in add for path: '/a/b/x': value was not a proper array index: 'x': strconv.Atoi: parsing \"x\": "
            "invalid syntax");
  EXPECT_EQ(failure(PatchKind::Json, kDoc, R"([{"op":"move","from":"/nope/x","path":"/y"}])", 422),
            "move operation does not apply: doc is missing from path: /nope/x: missing value");
  EXPECT_EQ(failure(PatchKind::Json, kDoc, R"([{"op":"copy","from":"/a/c","path":"/q/r"}])", 422),
            "copy operation does not apply: doc is missing destination path: /q/r: missing value");
  EXPECT_EQ(failure(PatchKind::Json, kDoc, R"([{"op":"frobnicate","path":"/a"}])", 422), "Unexpected kind: frobnicate");
  EXPECT_EQ(failure(PatchKind::Json, kDoc, R"([{"path":"/a"}])", 422), "Unexpected kind: unknown");
  EXPECT_EQ(failure(PatchKind::Json, kDoc, R"([{"op":"add","value":1}])", 422),
            "add operation failed to decode path: missing value");
  EXPECT_EQ(failure(PatchKind::Json, kDoc, R"([{"op":"replace","value":1}])", 422),
            "replace operation failed to decode path: operation missing path field: missing value");
  // The client sees only the generic 422.
  PatchResult r = run(PatchKind::Json, kDoc, R"([{"op":"test","path":"/a/c","value":"y"}])");
  EXPECT_EQ(r.failure.message, "the server rejected our request due to an error in our request");
  EXPECT_EQ(r.failure.reason, "Invalid");
  EXPECT_TRUE(r.failure.empty_details);
}

TEST(JsonPatch, MalformedPatches) {
  // fieldValidation Warn and Strict decode the patch strictly first.
  EXPECT_EQ(failure(PatchKind::Json, kDoc, R"([{"op":"add",)", 400),
            "error decoding patch: unexpected end of JSON input");
  EXPECT_EQ(failure(PatchKind::Json, kDoc, R"({"op":"add"})", 400),
            "error decoding patch: json: cannot unmarshal object into Go value of type []handlers.jsonPatchOp");
  EXPECT_EQ(failure(PatchKind::Json, kDoc, R"([{"op":1,"path":"/a"}])", 400),
            "error decoding patch: json: cannot unmarshal number into Go struct field jsonPatchOp.op of type string");
  EXPECT_EQ(failure(PatchKind::Json, kDoc, R"({"op":"add"})", 400, ISC_FIELD_VALIDATION_IGNORE),
            "json: cannot unmarshal object into Go value of type jsonpatch.Patch");
  EXPECT_EQ(failure(PatchKind::Json, kDoc, R"([1])", 400, ISC_FIELD_VALIDATION_IGNORE),
            "json: cannot unmarshal number into Go value of type jsonpatch.Operation");
  // Unknown and duplicate members are strict errors (422 after decoding under Strict).
  PatchResult r = run(PatchKind::Json, kDoc, R"([{"op":"add","path":"/n","valu":1,"op":"add"}])");
  ASSERT_TRUE(r.ok);
  ASSERT_EQ(r.strict_errors.size(), 2u);
  EXPECT_EQ(r.strict_errors[0], "json patch unknown field \"[0].valu\"");
  EXPECT_EQ(r.strict_errors[1], "json patch duplicate field \"[0].op\"");
  EXPECT_TRUE(run(PatchKind::Json, kDoc, R"([{"op":"add","path":"/n","valu":1}])", ISC_FIELD_VALIDATION_IGNORE)
                  .strict_errors.empty());
  // More than 10000 operations: 413.
  std::string big = "[";
  for (int i = 0; i < 10001; ++i) big += std::string(i ? "," : "") + R"({"op":"test","path":"/d","value":null})";
  big += "]";
  PatchResult b = run(PatchKind::Json, kDoc, big);
  EXPECT_EQ(b.failure.code, 413);
  EXPECT_EQ(b.failure.message,
            "Request entity too large: The allowed maximum operations in a JSON patch is 10000, got 10001");
}

TEST(JsonPatch, CopyGrowthIsBounded) {
  std::string doc = R"({"s":")" + std::string(100000, 'x') + R"("})";
  std::string patch = "[";
  for (int i = 0; i < 40; ++i) patch += std::string(i ? "," : "") + R"({"op":"copy","from":"/s","path":"/c)" + std::to_string(i) + "\"}";
  patch += "]";
  std::string d = failure(PatchKind::Json, doc, patch, 422);
  EXPECT_EQ(d.rfind("Unable to complete the copy, the accumulated size increase of copy is ", 0), 0u) << d;
}

// ---------------------------------------------------------------- merge patch

TEST(MergePatch, Rfc7386) {
  EXPECT_EQ(applied(PatchKind::Merge, R"({"a":"b","c":{"d":"e","f":"g"}})", R"({"a":"z","c":{"f":null}})"),
            R"({"a":"z","c":{"d":"e"}})");
  // Lists are replaced whole.
  EXPECT_EQ(applied(PatchKind::Merge, R"({"l":[1,2,3]})", R"({"l":[4]})"), R"({"l":[4]})");
  // Nulls inside a new object are dropped; a scalar replaced by an object.
  EXPECT_EQ(applied(PatchKind::Merge, R"({"a":1})", R"({"a":{"b":null,"c":1},"n":{"x":null}})"),
            R"({"a":{"c":1},"n":{}})");
  // The server's implementation prunes nulls inside objects within a new list, not the list's own nulls.
  EXPECT_EQ(applied(PatchKind::Merge, R"({})", R"({"l":[null,{"a":null,"b":1}]})"), R"({"l":[null,{"b":1}]})");
  EXPECT_EQ(applied(PatchKind::Merge, R"({"a":1})", "{}"), R"({"a":1})");
}

TEST(MergePatch, Malformed) {
  EXPECT_EQ(failure(PatchKind::Merge, kDoc, "{", 400), "error decoding patch: unexpected end of JSON input");
  EXPECT_EQ(failure(PatchKind::Merge, kDoc, "[1]", 400),
            "error decoding patch: json: cannot unmarshal array into Go value of type map[string]interface {}");
  EXPECT_EQ(failure(PatchKind::Merge, kDoc, "{", 400, ISC_FIELD_VALIDATION_IGNORE), "Invalid JSON Patch");
  EXPECT_EQ(failure(PatchKind::Merge, kDoc, "null", 400), "Invalid JSON Patch");
  EXPECT_EQ(failure(PatchKind::Merge, kDoc, "5", 400, ISC_FIELD_VALIDATION_IGNORE), "Invalid JSON Patch");
  PatchResult r = run(PatchKind::Merge, kDoc, R"({"a":{"c":"1","c":"2"}})");
  ASSERT_TRUE(r.ok);
  ASSERT_EQ(r.strict_errors.size(), 1u);
  EXPECT_EQ(r.strict_errors[0], "duplicate field \"a.c\"");
  EXPECT_EQ(to_json(r.result), R"({"a":{"b":[1,2,3],"c":"2"},"d":null})");
}

// Property: the merge patch computed as the difference of two objects turns
// the first into the second.
JValue random_value(std::mt19937 &rng, int depth, bool in_object);

JValue random_object(std::mt19937 &rng, int depth) {
  JValue o = JValue::object();
  int n = static_cast<int>(rng() % 5);
  for (int i = 0; i < n; ++i) o.set("k" + std::to_string(rng() % 6), random_value(rng, depth - 1, true));
  return o;
}

JValue random_value(std::mt19937 &rng, int depth, bool in_object) {
  int kind = static_cast<int>(rng() % (depth > 0 ? 7 : 4));
  JValue v;
  switch (kind) {
    case 0: v.t = JValue::T::Bool; v.b = rng() % 2; return v;
    case 1: v.t = JValue::T::Number; v.s = std::to_string(static_cast<int>(rng() % 2001) - 1000); return v;
    case 2: return JValue::string("s" + std::to_string(rng() % 4));
    case 3:
      // null cannot be the value of a member in a merge patch target (it means delete).
      if (in_object) return JValue::string("n");
      return JValue::null();
    case 4:
    case 5: return random_object(rng, depth);
    default: {
      JValue a = JValue::array();
      int n = static_cast<int>(rng() % 4);
      for (int i = 0; i < n; ++i) a.arr.push_back(random_value(rng, depth - 1, false));
      return a;
    }
  }
}

// The difference as an RFC 7386 patch, written independently of the engine.
JValue diff(const JValue &from, const JValue &to) {
  JValue p = JValue::object();
  for (const auto &m : from.obj) {
    if (!to.find(m.first)) p.set(m.first, JValue::null());
  }
  for (const auto &m : to.obj) {
    const JValue *old = from.find(m.first);
    if (old && go_equal(*old, m.second)) continue;
    if (old && old->is_object() && m.second.is_object()) p.set(m.first, diff(*old, m.second));
    else p.set(m.first, m.second);
  }
  return p;
}

// Objects within arrays keep their nulls only if the patch does not carry
// them (the server prunes them): the generator never puts null in objects.
TEST(MergePatch, DiffPropertyHolds) {
  std::mt19937 rng(20261127);
  for (int i = 0; i < 5000; ++i) {
    JValue a = random_object(rng, 4), b = random_object(rng, 4);
    if (i % 3 == 0) {
      b = a;  // small edits of the same object
      b.set("k" + std::to_string(rng() % 6), random_value(rng, 2, true));
      if (!b.obj.empty() && rng() % 2) b.erase(b.obj.front().first);
    }
    std::string patch = to_json(diff(a, b));
    PatchResult r = apply_patch(PatchKind::Merge, a, patch, ISC_FIELD_VALIDATION_STRICT, 1000);
    ASSERT_TRUE(r.ok) << patch;
    ASSERT_TRUE(go_equal(r.result, b)) << "a=" << to_json(a) << "\nb=" << to_json(b) << "\npatch=" << patch
                                       << "\ngot=" << to_json(r.result);
  }
}

// ---------------------------------------------------------- strategic merge

const std::string kStream = R"({"apiVersion":"image.openshift.io/v1","kind":"ImageStream",
 "metadata":{"name":"s","namespace":"n","finalizers":["c","a"],"labels":{"x":"1"}},
 "spec":{"lookupPolicy":{"local":false},"tags":[
   {"name":"a","from":{"kind":"DockerImage","name":"r/a:1"}},
   {"name":"b","from":{"kind":"DockerImage","name":"r/b:1"},"annotations":{"k":"v"}},
   {"name":"c","from":{"kind":"DockerImage","name":"r/c:1"}}]},
 "status":{"dockerImageRepository":"","tags":[{"tag":"a","items":[{"dockerImageReference":"r/a@sha256:1","image":"i1","generation":1,"created":null}]}]}})";

std::string tags_of(const std::string &json) {
  JValue v = parse(json);
  std::string out;
  for (const auto &t : v.find("spec")->find("tags")->arr) out += t.find("name")->s + ",";
  return out;
}

TEST(StrategicPatch, SpecTagsMergeByName) {
  std::string got = applied(PatchKind::Strategic, kStream,
                            R"({"spec":{"tags":[{"name":"b","from":{"name":"r/b:2"}},{"name":"d","from":{"kind":"DockerImage","name":"r/d:1"}}]}})");
  JValue v = parse(got);
  const auto &tags = v.find("spec")->find("tags")->arr;
  ASSERT_EQ(tags.size(), 4u);
  // Merged in place, by name: kind and annotations of "b" kept, name replaced.
  EXPECT_EQ(to_json(tags[1]), R"({"name":"b","from":{"kind":"DockerImage","name":"r/b:2"},"annotations":{"k":"v"}})");
  // Order: patch items in patch order, interleaved with server-only items.
  EXPECT_EQ(tags_of(got), "a,b,d,c,");
}

TEST(StrategicPatch, DeleteDirective) {
  std::string got = applied(PatchKind::Strategic, kStream, R"({"spec":{"tags":[{"name":"b","$patch":"delete"}]}})");
  EXPECT_EQ(tags_of(got), "a,c,");
  // Deleting a tag that does not exist changes nothing.
  EXPECT_EQ(tags_of(applied(PatchKind::Strategic, kStream, R"({"spec":{"tags":[{"name":"zz","$patch":"delete"}]}})")),
            "a,b,c,");
}

TEST(StrategicPatch, ReplaceDirectives) {
  // In a list entry: the whole list becomes the patch's other entries.
  EXPECT_EQ(tags_of(applied(PatchKind::Strategic, kStream,
                            R"({"spec":{"tags":[{"name":"x","$patch":"replace"},{"name":"q","from":{"kind":"DockerImage","name":"r/q:1"}}]}})")),
            "q,");
  JValue v = parse(applied(PatchKind::Strategic, kStream, R"({"spec":{"tags":[{"name":"x","$patch":"replace"}]}})"));
  EXPECT_TRUE(v.find("spec")->find("tags")->arr.empty());
  // On a map: the map is replaced.
  EXPECT_EQ(to_json(*parse(applied(PatchKind::Strategic, kStream, R"({"metadata":{"labels":{"$patch":"replace","y":"2"}}})"))
                         .find("metadata")
                         ->find("labels")),
            R"({"y":"2"})");
  // $patch: delete on a map empties it.
  EXPECT_EQ(to_json(*parse(applied(PatchKind::Strategic, kStream, R"({"spec":{"$patch":"delete"}})")).find("spec")), "{}");
}

TEST(StrategicPatch, StatusTagsMergeByTag) {
  JValue v = parse(applied(PatchKind::Strategic, kStream,
                           R"({"status":{"tags":[{"tag":"b","items":[]},{"tag":"a","conditions":[{"type":"ImportSuccess","status":"False"}]}]}})"));
  const auto &st = v.find("status")->find("tags")->arr;
  ASSERT_EQ(st.size(), 2u);
  EXPECT_EQ(st[0].find("tag")->s, "b");
  EXPECT_EQ(st[1].find("tag")->s, "a");
  EXPECT_EQ(st[1].find("items")->arr.size(), 1u);  // items kept: merged by tag
  EXPECT_EQ(st[1].find("conditions")->arr.size(), 1u);
}

TEST(StrategicPatch, FinalizersAreASet) {
  JValue v = parse(applied(PatchKind::Strategic, kStream, R"({"metadata":{"finalizers":["a","b"]}})"));
  EXPECT_EQ(to_json(*v.find("metadata")->find("finalizers")), R"(["c","a","b"])");
  v = parse(applied(PatchKind::Strategic, kStream, R"({"metadata":{"$deleteFromPrimitiveList/finalizers":["c"]}})"));
  EXPECT_EQ(to_json(*v.find("metadata")->find("finalizers")), R"(["a"])");
}

TEST(StrategicPatch, SetElementOrder) {
  std::string got = applied(PatchKind::Strategic, kStream,
                            R"({"spec":{"$setElementOrder/tags":[{"name":"c"},{"name":"a"},{"name":"b"}]}})");
  EXPECT_EQ(tags_of(got), "c,a,b,");
  EXPECT_EQ(failure(PatchKind::Strategic, kStream, R"({"spec":{"$setElementOrder/tags":[{"name":"a"}],"tags":[{"name":"b"}]}})",
                    500),
            "The order in patch list:\n[map[name:b]]\n doesn't match $setElementOrder list:\n[map[name:a]]\n");
}

TEST(StrategicPatch, RetainKeys) {
  JValue v = parse(applied(PatchKind::Strategic, kStream, R"({"spec":{"$retainKeys":["tags"],"tags":[]}})"));
  EXPECT_FALSE(v.find("spec")->find("lookupPolicy"));
  EXPECT_EQ(failure(PatchKind::Strategic, kStream, R"({"spec":{"$retainKeys":["tags"],"lookupPolicy":{"local":true}}})", 400),
            "invalid patch format of retainKeys");
}

TEST(StrategicPatch, NullsAndOtherLists) {
  // null deletes; lists without a strategy are replaced.
  JValue v = parse(applied(PatchKind::Strategic, kStream,
                           R"({"metadata":{"labels":null},"status":{"tags":[{"tag":"a","items":[]}]}})"));
  EXPECT_FALSE(v.find("metadata")->find("labels"));
  EXPECT_TRUE(v.find("status")->find("tags")->arr[0].find("items")->arr.empty());
}

TEST(StrategicPatch, ServerErrors) {
  EXPECT_EQ(failure(PatchKind::Strategic, kStream, R"({"spec":{"tags":[{"from":{"name":"x"}}]}})", 500),
            "map: map[from:map[name:x]] does not contain declared merge key: name");
  EXPECT_EQ(failure(PatchKind::Strategic, kStream, R"({"spec":{"tags":[{"name":"a","$patch":"frob"}]}})", 500),
            "unknown patch type: frob in map: map[$patch:frob name:a]");
  EXPECT_EQ(failure(PatchKind::Strategic, kStream, R"({"spec":{"tags":[{"$patch":"delete"}]}})", 500),
            "map: map[$patch:delete] does not contain declared merge key: name");
  EXPECT_EQ(failure(PatchKind::Strategic, kStream, R"({"metadata":{"$deleteFromPrimitiveList":["a"]}})", 400),
            "invalid patch format of primitive list");
  EXPECT_EQ(failure(PatchKind::Strategic, R"({"metadata":{"finalizers":[]}})", R"({"metadata":{"finalizers":[["x"]]}})", 422),
            "lists of lists are not supported");
  EXPECT_EQ(failure(PatchKind::Strategic, kStream, R"({"metadata":{"finalizers":[["x"]]}})", 500),
            "list element types are not identical: [[c a] [[x]]]");
  EXPECT_EQ(failure(PatchKind::Strategic, kStream, "[]", 400),
            "json: cannot unmarshal array into Go value of type map[string]interface {}");
  EXPECT_EQ(failure(PatchKind::Strategic, kStream, "{", 400), "unexpected end of JSON input");
  PatchResult r = run(PatchKind::Strategic, kStream, R"({"spec":{"a":1,"a":2}})");
  ASSERT_TRUE(r.ok);
  EXPECT_EQ(r.strict_errors.at(0), "duplicate field \"spec.a\"");
  EXPECT_EQ(r.patch_repr, "map[spec:map[a:2]]");
}

// Hostile input: a patch cannot nest the document beyond isconform's limit,
// and merging long lists is not quadratic.
TEST(Hostile, NestingThroughCopiesIsBounded) {
  std::string patch = "[";
  for (int i = 0; i < 1200; ++i) patch += std::string(i ? "," : "") + R"({"op":"copy","from":"/a","path":"/a/x"})";
  patch += "]";
  std::string d = failure(PatchKind::Json, R"({"a":{}})", patch, 422);
  EXPECT_EQ(d, "the patched document would be nested more than 1000 levels deep (isconform's limit)");
}

TEST(Hostile, LongMergeLists) {
  const int n = 60000;
  std::string doc = R"({"metadata":{"finalizers":[)", patch = R"({"metadata":{"finalizers":[)";
  std::string tags, ptags;
  for (int i = 0; i < n; ++i) {
    doc += std::string(i ? "," : "") + "\"f" + std::to_string(i) + "\"";
    patch += std::string(i ? "," : "") + "\"f" + std::to_string(i + n / 2) + "\"";
    tags += std::string(i ? "," : "") + R"({"name":"t)" + std::to_string(i) + R"("})";
    ptags += std::string(i ? "," : "") + R"({"name":"t)" + std::to_string(n - i) + R"(","reference":true})";
  }
  doc += R"(]},"spec":{"tags":[)" + tags + "]}}";
  patch += R"(]},"spec":{"tags":[)" + ptags + R"(,{"name":"t5","$patch":"delete"}]}})";
  PatchResult r = run(PatchKind::Strategic, doc, patch);
  ASSERT_TRUE(r.ok) << r.failure.detail;
  EXPECT_EQ(r.result.find("metadata")->find("finalizers")->arr.size(), static_cast<size_t>(n + n / 2));
  // t60000 is new; t5 is deleted from the stored list, then its patch entry appends it again.
  EXPECT_EQ(r.result.find("spec")->find("tags")->arr.size(), static_cast<size_t>(n + 1));
}

TEST(Hostile, ArrayShiftingIsBounded) {
  std::string doc = R"({"a":[)";
  for (int i = 0; i < 1000000; ++i) doc += i ? ",0" : "0";
  doc += "]}";
  std::string patch = "[";
  for (int i = 0; i < 10000; ++i) patch += std::string(i ? "," : "") + R"({"op":"add","path":"/a/0","value":1})";
  patch += "]";
  EXPECT_EQ(failure(PatchKind::Json, doc, patch, 422),
            "the patch visits more than 100000000 array elements and object members (isconform's limit)");
}

TEST(Hostile, LargeObjectsMergeLinearly) {
  std::string doc = "{", patch = "{";
  for (int i = 0; i < 200000; ++i) {
    doc += std::string(i ? "," : "") + "\"k" + std::to_string(i) + "\":1";
    patch += std::string(i ? "," : "") + "\"k" + std::to_string(i * 2) + "\":" + (i % 2 ? "null" : "2");
  }
  doc += "}";
  patch += "}";
  for (PatchKind k : {PatchKind::Merge, PatchKind::Strategic}) {
    PatchResult r = apply_patch(k, parse(doc), patch, ISC_FIELD_VALIDATION_IGNORE, 1000);
    ASSERT_TRUE(r.ok) << r.failure.detail;
    EXPECT_EQ(r.result.obj.size(), 200000u);  // 50000 existing keys deleted, 50000 new ones added
    EXPECT_FALSE(r.result.find("k2"));
    EXPECT_EQ(r.result.find("k4")->s, "2");
  }
}

// Random patches of every type against random documents: an answer every
// time (applied, or refused with an HTTP code), never a crash.
TEST(Hostile, RandomPatchesAlwaysAnswer) {
  std::mt19937 rng(77);
  const char *ops[] = {"add", "remove", "replace", "move", "copy", "test", "bogus"};
  const char *keys[] = {"k0", "k1", "$patch", "$retainKeys", "$setElementOrder/k1", "$deleteFromPrimitiveList/k2",
                        "name", "tags", "0", "-", "-1", "01"};
  size_t applied_count = 0;
  for (int i = 0; i < 3000; ++i) {
    JValue doc = random_object(rng, 3);
    std::string path;
    for (int d = static_cast<int>(rng() % 4); d >= 0; --d) path += "/" + std::string(keys[rng() % 12]);
    JValue op = JValue::object();
    op.set("op", JValue::string(ops[rng() % 7]));
    op.set("path", JValue::string(path));
    if (rng() % 2) op.set("from", JValue::string("/k" + std::to_string(rng() % 6)));
    if (rng() % 3) op.set("value", random_value(rng, 2, false));
    JValue list = JValue::array();
    list.arr.push_back(op);
    JValue smp = random_object(rng, 3);
    for (int k = static_cast<int>(rng() % 3); k > 0; --k) {
      JValue v = rng() % 2 ? JValue::string(rng() % 2 ? "delete" : "replace") : random_value(rng, 2, false);
      smp.set(keys[rng() % 8], std::move(v));
    }
    for (auto [kind, patch] : {std::pair{PatchKind::Json, to_json(list)}, std::pair{PatchKind::Merge, to_json(smp)},
                               std::pair{PatchKind::Strategic, to_json(smp)}}) {
      PatchResult r = apply_patch(kind, doc, patch, static_cast<isc_field_validation>(rng() % 3), 1000);
      if (r.ok) {
        ++applied_count;
      } else {
        EXPECT_TRUE(r.failure.code == 400 || r.failure.code == 422 || r.failure.code == 500) << patch;
        EXPECT_FALSE(r.failure.detail.empty());
      }
    }
  }
  EXPECT_GT(applied_count, 3000u);
}

TEST(Value, GoFormat) {
  EXPECT_EQ(go_format(parse(R"({"b":[1,1.5,1e21,1e6,100000.0,"s",true,null],"a":{}})")),
            "map[a:map[] b:[1 1.5 1e+21 1e+06 100000 s true <nil>]]");
}

}  // namespace
