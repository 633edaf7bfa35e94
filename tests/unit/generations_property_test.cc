// Property tests of the generation rules of updates, phrased as the API
// reference states them for TagReference.generation:
//   "When a tag reference is changed the generation is set to match the
//    current stream generation (which is incremented every time spec is
//    changed). ... clients may set this value to zero which will reset the
//    generation to the latest stream generation. Legacy clients will send
//    this value as nil which will be merged with the current tag generation."
// For random stored/submitted pairs, the persisted object must obey them.
#include <gtest/gtest.h>

#include <map>
#include <random>
#include <string>

#include <nlohmann/json.hpp>

#include "isconform/isconform.h"

using nlohmann::json;

namespace {

class Generations : public ::testing::Test {
 protected:
  void SetUp() override {
    isc_options *o = nullptr;
    ASSERT_EQ(isc_options_new(&o), ISC_OK);
    isc_options_set_request_checks(o, 0);
    ASSERT_EQ(isc_validator_new(&v_, o), ISC_OK);
    isc_options_free(o);
    ASSERT_EQ(isc_report_new(&r_), ISC_OK);
  }
  void TearDown() override {
    isc_report_free(r_);
    isc_validator_free(v_);
  }
  // Returns false when the update is rejected.
  bool update(const json &old, const json &next, json &persisted, json &gens) {
    std::string o = old.dump(), n = next.dump();
    EXPECT_EQ(isc_validate(v_, ISC_OP_UPDATE, n.data(), n.size(), o.data(), o.size(), r_), ISC_OK);
    const char *p = isc_report_normalized(r_, nullptr);
    const char *g = isc_report_generations(r_, nullptr);
    if (!p || !g) return false;
    persisted = json::parse(p);
    gens = json::parse(g);
    return true;
  }
  isc_validator *v_ = nullptr;
  isc_report *r_ = nullptr;
};

json random_tag(std::mt19937 &rng, const std::string &name, int64_t stream_gen) {
  json t = {{"name", name}};
  static const char *kSources[] = {"quay.io/x:1", "quay.io/x:2", "quay.io/y:1"};
  t["from"] = {{"kind", "DockerImage"}, {"name", kSources[rng() % 3]}};
  if (rng() % 4 == 0) t["reference"] = true;
  switch (rng() % 4) {
    case 0: t["generation"] = nullptr; break;
    case 1: break;
    default: t["generation"] = static_cast<int64_t>(1 + rng() % stream_gen);
  }
  if (rng() % 3 == 0) t["importPolicy"] = {{"importMode", rng() % 2 ? "Legacy" : "PreserveOriginal"}};
  if (rng() % 3 == 0) t["importPolicy"]["scheduled"] = true;
  if (rng() % 3 == 0) t["annotations"] = {{"a", std::to_string(rng() % 2)}};
  if (rng() % 4 == 0) t["referencePolicy"] = {{"type", "Local"}};
  return t;
}

json mutate_tag(std::mt19937 &rng, json t, int64_t stream_gen) {
  switch (rng() % 9) {
    case 0: t["from"]["name"] = "quay.io/z:" + std::to_string(rng() % 3); break;  // a change
    case 1: t["reference"] = !(t.value("reference", false)); break;             // a change
    case 2: t["generation"] = 0; break;                                          // re-import
    case 3: t["generation"] = nullptr; break;                                    // legacy client
    case 4: t["generation"] = static_cast<int64_t>(1 + rng() % (stream_gen + 3)); break;  // ignored
    case 5: t["annotations"] = {{"b", "1"}}; break;                              // not a tag change
    case 6: t["importPolicy"]["scheduled"] = true; break;                        // not a tag change
    case 7: t["importPolicy"]["importMode"] = "PreserveOriginal"; break;          // a change unless already
    default: break;                                                              // untouched
  }
  return t;
}

TEST_F(Generations, RandomUpdatesObeyTheApiReference) {
  std::mt19937 rng(20261126);
  static const char *kNames[] = {"a", "b", "c", "d", "e"};
  int checked = 0;
  for (int iter = 0; iter < 3000; ++iter) {
    int64_t g = 1 + static_cast<int64_t>(rng() % 5);
    json old = {{"apiVersion", "image.openshift.io/v1"},
                {"kind", "ImageStream"},
                {"metadata", {{"name", "s"}, {"namespace", "ns"}, {"generation", g}, {"resourceVersion", "5"}}},
                {"spec", {{"tags", json::array()}}}};
    std::map<std::string, json> stored;
    for (const char *n : kNames) {
      if (rng() % 2) {
        json t = random_tag(rng, n, g);
        if (!t.contains("generation") || t["generation"].is_null()) t["generation"] = g;  // stored objects have one
        stored[n] = t;
        old["spec"]["tags"].push_back(t);
      }
    }
    json next = old;
    next["metadata"].erase("generation");
    next["spec"]["tags"] = json::array();
    std::map<std::string, json> sent;
    for (const char *n : kNames) {
      auto it = stored.find(n);
      if (it != stored.end()) {
        if (rng() % 6 == 0) continue;  // removed
        sent[n] = mutate_tag(rng, it->second, g);
      } else if (rng() % 4 == 0) {
        sent[n] = random_tag(rng, n, g);  // added
      } else {
        continue;
      }
      next["spec"]["tags"].push_back(sent[n]);
    }
    bool identical = sent.size() == stored.size();
    for (const auto &[n, t] : sent) identical = identical && stored.count(n) && stored[n] == t;

    json persisted, gens;
    ASSERT_TRUE(update(old, next, persisted, gens)) << next.dump();
    int64_t sg = persisted["metadata"]["generation"].get<int64_t>();
    // The stream generation only moves forward by one, and only when something changed.
    ASSERT_TRUE(sg == g || sg == g + 1) << gens.dump();
    if (identical) {
      EXPECT_EQ(sg, g) << "resubmitting the stored object must not bump the generation";
    }
    std::map<std::string, json> change;
    for (const auto &t : gens["tags"]) change[t["tag"].get<std::string>()] = t;
    for (const auto &t : persisted["spec"]["tags"]) {
      std::string n = t["name"].get<std::string>();
      int64_t tg = t["generation"].get<int64_t>();
      const json &s = sent[n];
      std::string c = change[n]["change"].get<std::string>();
      bool sent_zero = s.contains("generation") && s["generation"].is_number() && s["generation"].get<int64_t>() == 0;
      if (c == "added" || c == "changed") {
        EXPECT_GT(sg, g) << n << ": a changed spec increments the stream generation";
        EXPECT_EQ(tg, sg) << n << ": a changed tag reference takes the current stream generation";
      }
      if (sent_zero) {
        EXPECT_EQ(tg, sg) << n << ": generation 0 resets to the latest stream generation";
      }
      if (c == "unchanged" && !sent_zero) {
        // nil (or any other value the client sends) merges with the stored value.
        EXPECT_EQ(tg, stored[n]["generation"].get<int64_t>()) << n << ": " << s.dump();
      }
      EXPECT_GE(tg, 1);
      EXPECT_LE(tg, sg);
      ++checked;
    }
  }
  EXPECT_GT(checked, 3000);
}

TEST_F(Generations, ReimportReportsPendingImport) {
  json old = json::parse(R"({"apiVersion":"image.openshift.io/v1","kind":"ImageStream",
    "metadata":{"name":"s","namespace":"ns","generation":2,"resourceVersion":"5"},
    "spec":{"tags":[{"name":"a","from":{"kind":"DockerImage","name":"quay.io/x:1"},"generation":2}]},
    "status":{"dockerImageRepository":"","tags":[{"tag":"a","items":[{"created":"2024-01-01T00:00:00Z",
      "dockerImageReference":"quay.io/x@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
      "image":"sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef","generation":2}]}]}})");
  json same = old;
  json persisted, gens;
  ASSERT_TRUE(update(old, same, persisted, gens));
  EXPECT_EQ(gens["tags"][0]["import"], "none");
  EXPECT_EQ(gens["generationBumped"], false);
  json reimport = old;
  reimport["spec"]["tags"][0]["generation"] = 0;
  ASSERT_TRUE(update(old, reimport, persisted, gens));
  EXPECT_EQ(gens["tags"][0]["change"], "changed");
  EXPECT_EQ(gens["tags"][0]["reasons"], json::array({"generation reset to 0"}));
  EXPECT_EQ(gens["tags"][0]["generation"], 3);
  EXPECT_EQ(gens["tags"][0]["observedGeneration"], 2);
  EXPECT_EQ(gens["tags"][0]["import"], "pending");
  json kind_only = old;
  kind_only["spec"]["tags"][0]["importPolicy"] = {{"scheduled", true}};
  ASSERT_TRUE(update(old, kind_only, persisted, gens));
  EXPECT_EQ(gens["generationBumped"], true);  // the spec changed ...
  EXPECT_EQ(gens["tags"][0]["change"], "unchanged");  // ... but not the tag reference
  EXPECT_EQ(gens["tags"][0]["otherChanges"], json::array({"importPolicy.scheduled"}));
  EXPECT_EQ(gens["tags"][0]["generation"], 2);
  EXPECT_EQ(gens["tags"][0]["import"], "none");
}

}  // namespace
