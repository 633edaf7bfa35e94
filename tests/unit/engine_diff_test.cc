// Differential test of the two structural engines: the fast walker
// (decode/structural.hh) and the valijson reference engine
// (reference/engine.hh) must give identical DecodeResults: every field,
// message, position and order. Inputs: hand-written cases, the real-world
// corpus (/work/shared/corpus/real) and seeded random mutations of it, each
// also read as a YAML document would be (sorted keys, superseded duplicates).
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <memory>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "decode/structural.hh"
#include "json/doc.hh"
#include "json/parser.hh"
#include "reference/engine.hh"
#include "schema/model.hh"

using namespace isc::detail;

namespace {

const char *const kCorpus = "/work/shared/corpus/real";

std::string show(const DecodeIssue &i) {
  return "{field=" + i.field + " message=" + i.message + " pos=" + std::to_string(i.pos) + "}";
}

std::string show(const DecodeResult &r) {
  std::ostringstream os;
  if (r.has_immediate) os << "  immediate " << show(r.immediate) << "\n";
  if (r.has_type) os << "  type#" << r.type_order << " " << show(r.type) << "\n";
  for (size_t i = 0; i < r.unknown.size(); ++i) {
    os << "  strict" << (i < r.unknown_is_dup.size() && r.unknown_is_dup[i] ? "(dup) " : " ") << show(r.unknown[i])
       << "\n";
  }
  for (const auto &q : r.required) os << "  required " << show(q) << "\n";
  for (const auto &u : r.bad_utf8) os << "  utf8 " << show(u) << "\n";
  return os.str();
}

bool same(const DecodeIssue &a, const DecodeIssue &b) {
  return a.field == b.field && a.message == b.message && a.pos == b.pos;
}

bool same(const std::vector<DecodeIssue> &a, const std::vector<DecodeIssue> &b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (!same(a[i], b[i])) return false;
  }
  return true;
}

bool same(const DecodeResult &a, const DecodeResult &b) {
  if (a.has_immediate != b.has_immediate || (a.has_immediate && !same(a.immediate, b.immediate))) return false;
  if (a.has_type != b.has_type || a.type_order != b.type_order || (a.has_type && !same(a.type, b.type))) return false;
  return same(a.unknown, b.unknown) && a.unknown_is_dup == b.unknown_is_dup && same(a.required, b.required) &&
         same(a.bad_utf8, b.bad_utf8);
}

// The same tree as a YAML document reaches the walker: positions are mark
// indexes, keys are decoded in sorted order, and of two equal keys in one
// mapping only the last counts (the earlier ones are flagged superseded).
// The nodes keep pointing at `src`'s text, which must outlive the view.
// `shared_marks`: several nodes share each position token, as alias copies
// may, so findings must be placed by path as well.
std::unique_ptr<Doc> yaml_view(const Doc &src, bool shared_marks = false) {
  auto d = std::make_unique<Doc>();
  d->nodes = src.nodes;
  d->yaml = true;
  d->root = src.root;
  d->marks.resize(d->nodes.size());
  for (uint32_t i = 0; i < d->nodes.size(); ++i) {
    d->nodes[i].pos = shared_marks ? i / 3 : i;
    d->marks[i] = Mark{i + 1, 1};
  }
  for (uint32_t i = 0; i < d->nodes.size(); ++i) {
    if (d->nodes[i].type != NodeType::Object) continue;
    std::vector<uint32_t> keys;
    for (auto it = members(*d, i); !it.done(); it.advance()) keys.push_back(it.key);
    for (size_t a = 0; a < keys.size(); ++a) {
      for (size_t b = a + 1; b < keys.size(); ++b) {
        if (d->nodes[keys[a]].text() == d->nodes[keys[b]].text()) {
          d->nodes[keys[a]].flags |= kKeySuperseded;
          break;
        }
      }
    }
  }
  return d;
}

struct Variant {
  const char *name;
  StructuralOptions opts;
};

std::vector<Variant> variants() {
  std::vector<Variant> v;
  v.push_back({"strict", StructuralOptions{}});
  StructuralOptions ignore;
  ignore.check_unknown = false;
  ignore.check_duplicates = false;
  v.push_back({"ignore", ignore});
  StructuralOptions status;
  status.skip_status_required = false;
  v.push_back({"status-update", status});
  StructuralOptions cap;
  cap.max_strict = 2;
  v.push_back({"max_strict=2", cap});
  return v;
}

class EngineDiff : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    model_ = Model::compile();
    engine_ = ReferenceEngine::create(model_);
  }
  static void TearDownTestSuite() {
    engine_.reset();
    model_.reset();
  }

  // Both engines on `node` under every option variant; "" when they agree,
  // otherwise a description of the first disagreement.
  std::string compare(const Doc &d, uint32_t node, const std::string &what) {
    for (const auto &v : variants()) {
      DecodeResult fast, ref;
      check_structure(d, node, model_->image_stream(), v.opts, fast, scratch_);
      engine_->check(d, node, v.opts, ref, scratch_);
      ++runs_;
      if (!same(fast, ref)) {
        std::string doc;
        write_json(d, node, doc);
        return what + (d.yaml ? " [yaml view]" : " [json]") + " options " + v.name + "\ndocument: " + doc +
               "\nfast engine:\n" + show(fast) + "reference engine:\n" + show(ref);
      }
    }
    return "";
  }

  // JSON and YAML readings of one node.
  std::string compare_both(const Doc &d, uint32_t node, const std::string &what) {
    std::string m = compare(d, node, what);
    if (!m.empty()) return m;
    auto y = yaml_view(d);
    m = compare(*y, node, what);
    if (!m.empty()) return m;
    auto ys = yaml_view(d, true);
    return compare(*ys, node, what + " (shared position tokens)");
  }

  DecodeResult fast(const std::string &json) {
    Doc d;
    JsonError err;
    EXPECT_TRUE(parse_json_document(json, d, err)) << err.message;
    DecodeResult r;
    check_structure(d, d.root, model_->image_stream(), StructuralOptions{}, r, scratch_);
    return r;
  }

  static std::shared_ptr<const Model> model_;
  static std::shared_ptr<const ReferenceEngine> engine_;
  StructuralScratch scratch_;
  size_t runs_ = 0;
};

std::shared_ptr<const Model> EngineDiff::model_;
std::shared_ptr<const ReferenceEngine> EngineDiff::engine_;

// ---------------------------------------------------------------------------
// (a) hand-written cases

const std::vector<std::string> &hand_cases() {
  static const std::vector<std::string> cases = {
      // valid
      R"({"apiVersion":"image.openshift.io/v1","kind":"ImageStream","metadata":{"name":"a"},"spec":{"tags":[{"name":"1","from":{"kind":"DockerImage","name":"x"}}]}})",
      R"({})",
      R"({"metadata":null,"spec":null,"status":null,"kind":null,"apiVersion":null})",
      // wrong types at the top
      R"({"apiVersion":1,"kind":true,"metadata":"m","spec":[],"status":5})",
      R"({"spec":"x","metadata":{"name":3}})",
      R"({"metadata":[],"spec":{}})",
      R"({"spec":{"tags":"x"}})",
      R"({"spec":{"tags":{}}})",
      R"({"spec":{"tags":["x",5,true,[],null]}})",
      R"({"spec":{"tags":[{"name":1}]}})",
      R"({"spec":{"tags":[{"name":"a","from":{"kind":3,"name":[],"namespace":{},"uid":1,"apiVersion":2,"resourceVersion":3,"fieldPath":4}}]}})",
      R"({"spec":{"tags":[{"name":"a","from":"x"}]}})",
      R"({"spec":{"tags":[{"name":"a","importPolicy":{"insecure":"true","scheduled":1,"importMode":5}}]}})",
      R"({"spec":{"tags":[{"name":"a","importPolicy":[]}]}})",
      R"({"spec":{"tags":[{"name":"a","referencePolicy":{"type":1}}]}})",
      R"({"spec":{"tags":[{"name":"a","referencePolicy":"Local"}]}})",
      R"({"spec":{"tags":[{"name":"a","reference":"true"}]}})",
      R"({"spec":{"tags":[{"name":"a","annotations":{"k":1,"l":"v","m":null}}]}})",
      R"({"spec":{"tags":[{"name":"a","annotations":[]}]}})",
      R"({"spec":{"lookupPolicy":{"local":"yes"},"dockerImageRepository":5}})",
      R"({"spec":{"lookupPolicy":{}}})",
      R"({"spec":{"lookupPolicy":true}})",
      // int64 literals
      R"({"metadata":{"generation":9223372036854775807}})",
      R"({"metadata":{"generation":9223372036854775808}})",
      R"({"metadata":{"generation":-9223372036854775808}})",
      R"({"metadata":{"generation":-9223372036854775809}})",
      R"({"metadata":{"generation":1.0}})",
      R"({"metadata":{"generation":1e3}})",
      R"({"metadata":{"generation":1.5}})",
      R"({"metadata":{"generation":-0}})",
      R"({"metadata":{"generation":"1"}})",
      R"({"metadata":{"deletionGracePeriodSeconds":1E+2}})",
      R"({"spec":{"tags":[{"name":"a","generation":12345678901234567890123}]}})",
      R"({"spec":{"tags":[{"name":"a","generation":1e400}]}})",
      R"({"spec":{"tags":[{"name":"a","generation":-1.5e-400}]}})",
      R"({"spec":{"tags":[{"name":"a","generation":-3}]}})",
      // metadata
      R"({"metadata":{"labels":{"a":1},"annotations":{"b":true}}})",
      R"({"metadata":{"labels":"x","annotations":[1]}})",
      R"({"metadata":{"labels":{"a":null},"annotations":{"b":{}}}})",
      R"({"metadata":{"ownerReferences":[{"apiVersion":"v1","kind":"K","name":"n","uid":"u","controller":"yes"}]}})",
      R"({"metadata":{"ownerReferences":[{}]}})",
      R"({"metadata":{"ownerReferences":[{"foo":1}]}})",
      R"({"metadata":{"ownerReferences":{}}})",
      R"({"metadata":{"finalizers":[1,"a"],"uid":5}})",
      R"({"metadata":{"managedFields":[{"manager":"m","fieldsV1":{"f:x":{}},"time":"2020-01-01T00:00:00Z","fieldsType":1}]}})",
      R"({"metadata":{"managedFields":[{"fieldsV1":[1,2,{"deep":[[[]]]}]}]}})",
      R"({"metadata":{"managedFields":[{"fieldsV1":"s","time":5}]}})",
      // times
      R"({"metadata":{"creationTimestamp":"2015-10-12T12:16:36Z"}})",
      R"({"metadata":{"creationTimestamp":"2015-10-12"}})",
      R"({"metadata":{"creationTimestamp":5}})",
      R"({"metadata":{"creationTimestamp":null,"deletionTimestamp":{}}})",
      R"({"metadata":{"name":5,"creationTimestamp":"bad"},"spec":{"tags":"x"}})",
      R"({"spec":{"tags":"x"},"metadata":{"name":5,"creationTimestamp":"bad"}})",
      R"({"spec":{"foo":1},"metadata":{"creationTimestamp":"bad","bar":2},"baz":3})",
      R"({"spec":{"tags":[{"name":"a"},{"foo":1}]},"status":{"tags":[{"items":[{"created":"bad","x":1}]}]},"zzz":1})",
      R"({"status":{"tags":[{"tag":"a","items":[{"created":"2020-01-01T00:00:00Z"}],"conditions":[{"lastTransitionTime":1}]}]}})",
      // status
      R"({"status":{"dockerImageRepository":1,"tags":[{"tag":2,"items":"x"}]}})",
      R"({"status":{"tags":[{}],"publicDockerImageRepository":[]}})",
      R"({"status":{"tags":[{"items":[{}],"conditions":[{}]}]}})",
      R"({"status":{"tags":[{"items":[{"generation":"1","created":null}]}]}})",
      R"({"status":{"tags":{"a":1}}})",
      // unknown fields at every level
      R"({"Kind":"ImageStream","Spec":{},"foo":{"bar":1}})",
      R"({"metadata":{"Name":"a","foo":[1]},"spec":{"Tags":[],"foo":1,"tags":[{"Name":"x","foo":{},"from":{"Kind":"x","foo":1},"importPolicy":{"foo":1},"referencePolicy":{"foo":1}}],"lookupPolicy":{"foo":1}}})",
      R"({"metadata":{"ownerReferences":[{"apiVersion":"v1","kind":"K","name":"n","uid":"u","x":1}],"managedFields":[{"x":1}]}})",
      R"({"status":{"x":1,"tags":[{"x":1,"items":[{"x":1}],"conditions":[{"x":1}]}]}})",
      R"({"foo":1,"foo":2,"bar":1,"foo":3})",
      R"({"a":1,"b":2,"c":3,"d":4,"spec":{"e":5,"tags":[{"name":"x","f":6}]}})",
      R"({"é":1,"a\"b":2,"\u0000":3,"a\nb":4})",
      // duplicates
      R"({"spec":5,"spec":{}})",
      R"({"spec":{},"spec":5})",
      R"({"spec":{"tags":"x"},"spec":{"tags":[{"name":1}]}})",
      R"({"spec":{"tags":[{"name":"a"}]},"spec":{"tags":[{"generation":3}]}})",
      R"({"spec":{"foo":1,"tags":[{"bar":2}]},"spec":{"baz":1}})",
      R"({"metadata":{"name":"a","name":"b"},"metadata":{"name":1,"name":"c"}})",
      R"({"metadata":{"annotations":{"k":1,"k":"v"},"labels":{"a":"b","a":"c"}}})",
      R"({"metadata":{"creationTimestamp":"bad","creationTimestamp":"2020-01-01T00:00:00Z"}})",
      R"({"metadata":{"creationTimestamp":"2020-01-01T00:00:00Z","creationTimestamp":5}})",
      R"({"spec":{"tags":[{"name":"a","name":"b","from":{"kind":"x"},"from":{"kind":1}}]}})",
      R"({"spec":{"tags":[{"from":{"kind":1},"from":null}]}})",
      R"({"status":{"tags":[{"items":[{}]}]},"status":{"tags":[{"items":[{"x":1}]}]}})",
      R"({"foo":1,"spec":{"tags":[{"name":"a","foo":2}],"tags":[{"foo":3}]},"foo":4})",
      R"({"kind":"ImageStream","kind":"ImageStream","apiVersion":"v1","apiVersion":2})",
      R"({"metadata":{"ownerReferences":[{"uid":1,"uid":"u"}],"ownerReferences":[{}]}})",
      // required warnings
      R"({"spec":{"tags":[{},{"name":null},{"from":{}}],"lookupPolicy":{}}})",
      R"({"status":{"tags":[{"conditions":[{}]}]}})",
      R"({"spec":{"tags":[{"referencePolicy":{}}]},"metadata":{"ownerReferences":[{"name":"n"}]}})",
      // invalid UTF-8 is handled below (raw bytes)
  };
  return cases;
}

TEST_F(EngineDiff, HandWrittenCases) {
  for (const auto &c : hand_cases()) {
    Doc d;
    JsonError err;
    ASSERT_TRUE(parse_json_document(c, d, err)) << c << ": " << err.message;
    std::string m = compare_both(d, d.root, "hand-written case");
    EXPECT_TRUE(m.empty()) << m;
  }
}

TEST_F(EngineDiff, NonObjectRootsAndBadUtf8) {
  for (std::string c : {std::string("[]"), std::string("5"), std::string("\"s\""), std::string("null"),
                        std::string("{\"metadata\":{\"name\":\"a\xff\",\"labels\":{\"k\xfe\":\"v\xfd\"}}}"),
                        std::string("{\"spec\":{\"tags\":[{\"name\":\"\xc3\",\"foo\":1}]},\"x\":\"\xff\"}")}) {
    Doc d;
    JsonError err;
    ASSERT_TRUE(parse_json_document(c, d, err)) << c << ": " << err.message;
    std::string m = compare_both(d, d.root, "hand-written case");
    EXPECT_TRUE(m.empty()) << m;
  }
}

// Spot checks of the messages themselves (decoding-rules.md §1-§2), so that
// agreement is agreement on the server's behaviour.
TEST_F(EngineDiff, GoMessages) {
  auto type_msg = [&](const std::string &j) { return fast(j).type.message; };
  EXPECT_EQ(type_msg(R"({"spec":{"tags":"x"}})"),
            "json: cannot unmarshal string into Go struct field ImageStreamSpec.spec.tags of type []v1.TagReference");
  EXPECT_EQ(type_msg(R"({"spec":{"tags":["x"]}})"),
            "json: cannot unmarshal string into Go struct field ImageStreamSpec.spec.tags of type v1.TagReference");
  EXPECT_EQ(type_msg(R"({"spec":{"tags":[{"from":{"kind":1}}]}})"),
            "json: cannot unmarshal number into Go struct field ObjectReference.spec.tags.from.kind of type string");
  EXPECT_EQ(type_msg(R"({"spec":{"tags":[{"importPolicy":{"insecure":"true"}}]}})"),
            "json: cannot unmarshal string into Go struct field TagImportPolicy.spec.tags.importPolicy.insecure of type bool");
  EXPECT_EQ(type_msg(R"({"metadata":{"generation":1.5}})"),
            "json: cannot unmarshal number 1.5 into Go struct field ObjectMeta.metadata.generation of type int64");
  EXPECT_EQ(type_msg(R"({"spec":{"tags":[{"generation":1.5}]}})"),
            "json: cannot unmarshal number 1.5 into Go struct field TagReference.spec.tags.generation of type int64");
  EXPECT_EQ(type_msg(R"({"metadata":{"annotations":{"a":1}}})"),
            "json: cannot unmarshal number into Go struct field ObjectMeta.metadata.annotations of type string");
  EXPECT_EQ(type_msg(R"({"spec":[]})"),
            "json: cannot unmarshal array into Go struct field ImageStream.spec of type v1.ImageStreamSpec");
  EXPECT_EQ(type_msg(R"({"spec":5,"spec":{}})"),
            "json: cannot unmarshal number into Go struct field ImageStream.spec of type v1.ImageStreamSpec");
  DecodeResult r = fast(R"({"spec":{"tags":[{"name":"a","foo":1}]},"Kind":"x","metadata":{"name":"a","name":"b"}})");
  ASSERT_EQ(r.unknown.size(), 3u);
  EXPECT_EQ(r.unknown[0].message, "unknown field \"spec.tags[0].foo\"");
  EXPECT_EQ(r.unknown[1].message, "unknown field \"Kind\"");
  EXPECT_EQ(r.unknown[2].message, "duplicate field \"metadata.name\"");
  // ...and that the reference engine is really built and used.
  Doc d;
  JsonError err;
  ASSERT_TRUE(parse_json_document(R"({"spec":{"tags":[{"foo":1}]},"bar":2})", d, err));
  DecodeResult ref;
  engine_->check(d, d.root, StructuralOptions{}, ref, scratch_);
  ASSERT_EQ(ref.unknown.size(), 2u);
  EXPECT_EQ(ref.unknown[0].message, "unknown field \"spec.tags[0].foo\"");
  EXPECT_EQ(ref.required.size(), 1u);
}

// ---------------------------------------------------------------------------
// (b) the corpus

struct CorpusDoc {
  std::string path;
  std::string text;                  // owns the bytes the Doc points into
  std::vector<std::unique_ptr<Doc>> docs;  // one per JSON value in the file
};

bool is_kind(const Doc &d, uint32_t node, std::string_view kind) {
  if (d.nodes[node].type != NodeType::Object) return false;
  uint32_t k = d.find_last(node, "kind");
  return k && d.nodes[k].type == NodeType::String && d.nodes[k].text() == kind;
}

// ImageStream objects of a document: the root, or items of `items`/`objects`.
std::vector<uint32_t> image_streams(const Doc &d) {
  std::vector<uint32_t> out;
  if (is_kind(d, d.root, "ImageStream")) out.push_back(d.root);
  if (d.nodes[d.root].type != NodeType::Object) return out;
  for (const char *list : {"items", "objects"}) {
    uint32_t a = d.find_last(d.root, list);
    if (!a || d.nodes[a].type != NodeType::Array) continue;
    for (auto e = elements(d, a); !e.done(); e.advance()) {
      if (is_kind(d, e.cur, "ImageStream")) out.push_back(e.cur);
    }
  }
  return out;
}

const std::vector<CorpusDoc> &corpus() {
  static const std::vector<CorpusDoc> docs = [] {
    std::vector<CorpusDoc> out;
    std::error_code ec;
    if (!std::filesystem::is_directory(kCorpus, ec)) return out;
    std::vector<std::string> paths;
    for (const auto &e : std::filesystem::recursive_directory_iterator(kCorpus, ec)) {
      if (!e.is_regular_file()) continue;
      std::string ext = e.path().extension().string();
      if (ext == ".json" || ext.empty()) paths.push_back(e.path().string());
    }
    std::sort(paths.begin(), paths.end());
    for (const auto &p : paths) {
      CorpusDoc c;
      c.path = p;
      std::ifstream in(p, std::ios::binary);
      std::ostringstream ss;
      ss << in.rdbuf();
      c.text = ss.str();
      // A file may hold a stream of concatenated values.
      size_t off = 0;
      while (true) {
        off = skip_json_space(c.text, off);
        if (off >= c.text.size()) break;
        auto d = std::make_unique<Doc>();
        JsonError err;
        if (!parse_json_value(c.text, &off, *d, err)) break;
        c.docs.push_back(std::move(d));
      }
      if (!c.docs.empty()) out.push_back(std::move(c));
    }
    return out;
  }();
  return docs;
}

TEST_F(EngineDiff, Corpus) {
  if (corpus().empty()) GTEST_SKIP() << kCorpus << " is absent";
  size_t objects = 0;
  for (const auto &c : corpus()) {
    for (const auto &d : c.docs) {
      auto y = yaml_view(*d);
      for (uint32_t node : image_streams(*d)) {
        ++objects;
        std::string m = compare(*d, node, c.path);
        if (m.empty()) m = compare(*y, node, c.path);
        ASSERT_TRUE(m.empty()) << m;
      }
    }
  }
  EXPECT_GT(objects, 1000u);
  std::cout << "[ corpus   ] " << objects << " ImageStream objects, " << runs_ << " engine comparisons\n";
}

// ---------------------------------------------------------------------------
// (c) seeded mutations of corpus ImageStreams (or of the hand-written cases)

const char *const kNames[] = {
    "name", "kind", "apiVersion", "metadata", "spec", "status", "tags", "from", "annotations", "labels",
    "generation", "importPolicy", "referencePolicy", "creationTimestamp", "deletionTimestamp", "lookupPolicy",
    "local", "foo", "Kind", "Spec", "type", "items", "tag", "dockerImageRepository", "insecure", "scheduled",
    "importMode", "uid", "ownerReferences", "managedFields", "fieldsV1", "conditions", "reference", "namespace",
    "created", "image", "dockerImageReference", "finalizers", "publicDockerImageRepository", "time", "a/b"};

const char *const kValues[] = {
    "\"x\"", "5", "-1", "0", "1.5", "1.0", "1e3", "-2E-2", "9223372036854775807", "9223372036854775808",
    "-9223372036854775808", "-9223372036854775809", "true", "false", "null", "[]", "{}", "[1,\"a\",null]",
    "{\"a\":1}", "\"2020-01-01T00:00:00Z\"", "\"2020-13-01\"", "\"\"", "{\"name\":5}", "{\"name\":\"n\",\"foo\":1}",
    "[{\"name\":\"a\",\"from\":{\"kind\":3}}]", "[{\"tag\":\"t\",\"items\":[{\"created\":\"bad\"}]}]",
    "{\"kind\":\"DockerImage\",\"name\":\"i\",\"kind\":5}", "{\"insecure\":\"true\",\"scheduled\":true}",
    "{\"annotations\":{\"a\":1,\"a\":\"b\"}}", "{\"creationTimestamp\":\"bad\",\"name\":1}", "[[]]", "\"\\u00e9\""};

class Mutator {
 public:
  Mutator(const Doc &d, std::mt19937 &rng) : d_(d), rng_(rng) {}

  std::string mutate() {
    std::vector<uint32_t> values;
    collect(d_.root, values);
    target_ = values[pick(values.size())];
    kind_ = static_cast<Kind>(pick(5));
    out_.clear();
    emit(d_.root);
    return out_;
  }

 private:
  enum Kind { Retype, Delete, Rename, Duplicate, Insert };

  size_t pick(size_t n) { return std::uniform_int_distribution<size_t>(0, n - 1)(rng_); }
  const char *name() { return kNames[pick(std::size(kNames))]; }
  const char *value() { return kValues[pick(std::size(kValues))]; }

  void collect(uint32_t n, std::vector<uint32_t> &out) {
    out.push_back(n);
    if (d_.nodes[n].type == NodeType::Object) {
      for (auto it = members(d_, n); !it.done(); it.advance()) collect(it.value(), out);
    } else if (d_.nodes[n].type == NodeType::Array) {
      for (auto e = elements(d_, n); !e.done(); e.advance()) collect(e.cur, out);
    }
  }

  void key(std::string_view k) {
    append_json_string(out_, k);
    out_.push_back(':');
  }

  void emit(uint32_t n) {
    const Node &nd = d_.nodes[n];
    if (n == target_ && kind_ == Retype) {
      out_ += value();
      return;
    }
    if (nd.type == NodeType::Array) {
      out_.push_back('[');
      bool first = true;
      auto sep = [&] {
        if (!first) out_.push_back(',');
        first = false;
      };
      for (auto e = elements(d_, n); !e.done(); e.advance()) {
        if (e.cur == target_ && kind_ == Delete) continue;
        if (e.cur == target_ && kind_ == Duplicate) {
          sep();
          out_ += value();
        }
        sep();
        emit(e.cur);
      }
      if (n == target_ && (kind_ == Insert || kind_ == Rename)) {
        sep();
        out_ += value();
      }
      out_.push_back(']');
      return;
    }
    if (nd.type == NodeType::Object) {
      out_.push_back('{');
      bool first = true;
      auto sep = [&] {
        if (!first) out_.push_back(',');
        first = false;
      };
      size_t insert_at = n == target_ && kind_ == Insert ? pick(nd.len + 1) : SIZE_MAX;
      size_t i = 0;
      for (auto it = members(d_, n); !it.done(); it.advance(), ++i) {
        if (i == insert_at) {
          sep();
          key(name());
          out_ += value();
        }
        std::string_view k = d_.nodes[it.key].text();
        uint32_t v = it.value();
        if (v == target_ && kind_ == Delete) continue;
        if (v == target_ && kind_ == Rename) {
          sep();
          std::string renamed = pick(2) ? std::string(name()) : std::string(k) + "X";
          key(renamed);
          emit(v);
          continue;
        }
        if (v == target_ && kind_ == Duplicate) {
          sep();
          key(k);
          if (pick(2)) out_ += value();
          else emit_plain(v);
        }
        sep();
        key(k);
        emit(v);
      }
      if (i == insert_at || (n == target_ && kind_ == Rename)) {
        sep();
        key(name());
        out_ += value();
      }
      out_.push_back('}');
      return;
    }
    write_json(d_, n, out_);
  }

  void emit_plain(uint32_t n) { write_json(d_, n, out_); }

  const Doc &d_;
  std::mt19937 &rng_;
  uint32_t target_ = 0;
  Kind kind_ = Retype;
  std::string out_;
};

TEST_F(EngineDiff, Mutations) {
  // Pool: every corpus ImageStream as a standalone document.
  std::vector<std::string> pool;
  for (const auto &c : corpus()) {
    for (const auto &d : c.docs) {
      for (uint32_t node : image_streams(*d)) {
        std::string s;
        write_json(*d, node, s);
        pool.push_back(std::move(s));
      }
    }
  }
  if (pool.empty()) pool = hand_cases();
  std::mt19937 rng(20240611);
  const int kMutations = 4000;
  size_t fatal = 0, strict = 0, required = 0;
  for (int i = 0; i < kMutations; ++i) {
    std::string text = pool[std::uniform_int_distribution<size_t>(0, pool.size() - 1)(rng)];
    int rounds = 1 + static_cast<int>(rng() % 3);
    for (int r = 0; r < rounds; ++r) {
      Doc d;
      JsonError err;
      ASSERT_TRUE(parse_json_document(text, d, err)) << err.message << "\n" << text;
      Mutator m(d, rng);
      text = m.mutate();
    }
    Doc d;
    JsonError err;
    ASSERT_TRUE(parse_json_document(text, d, err)) << err.message << "\n" << text;
    std::string m = compare_both(d, d.root, "mutation #" + std::to_string(i));
    ASSERT_TRUE(m.empty()) << m;
    DecodeResult r;
    check_structure(d, d.root, model_->image_stream(), StructuralOptions{}, r, scratch_);
    fatal += r.fatal();
    strict += !r.unknown.empty();
    required += !r.required.empty();
  }
  // The mutations must exercise every kind of finding.
  EXPECT_GT(fatal, 200u);
  EXPECT_GT(strict, 200u);
  EXPECT_GT(required, 50u);
  std::cout << "[ mutation ] " << kMutations << " documents (" << fatal << " fatal, " << strict << " with strict errors, "
            << required << " with required warnings), " << runs_ << " engine comparisons\n";
}

// One engine, shared by several threads: results equal the single-threaded ones.
TEST_F(EngineDiff, ConcurrentChecks) {
  std::vector<std::unique_ptr<Doc>> docs;
  for (const auto &c : hand_cases()) {
    auto d = std::make_unique<Doc>();
    JsonError err;
    ASSERT_TRUE(parse_json_document(c, *d, err));
    docs.push_back(std::move(d));
  }
  std::vector<DecodeResult> expected(docs.size());
  for (size_t i = 0; i < docs.size(); ++i) engine_->check(*docs[i], docs[i]->root, StructuralOptions{}, expected[i], scratch_);
  const int kThreads = 4;
  std::vector<int> mismatches(kThreads, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      StructuralScratch scratch;
      for (int round = 0; round < 20; ++round) {
        for (size_t i = 0; i < docs.size(); ++i) {
          DecodeResult r;
          engine_->check(*docs[i], docs[i]->root, StructuralOptions{}, r, scratch);
          if (!same(r, expected[i])) ++mismatches[t];
        }
      }
    });
  }
  for (auto &th : threads) th.join();
  for (int t = 0; t < kThreads; ++t) EXPECT_EQ(mismatches[t], 0) << "thread " << t;
}

}  // namespace
