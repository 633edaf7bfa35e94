// isc_report::add drops a finding equal (severity, field, message) to an
// earlier one. Past 32 findings it looks candidates up by hash; these tests
// hold it to the plain scan's answers, also after the report was compacted or
// reordered, and check aggregate()'s order and deduplication.
#include <gtest/gtest.h>

#include <algorithm>  // reverse
#include <string>     // string, to_string
#include <vector>     // vector

#include "core/report.hh"

namespace {

size_t add(isc_report &r, isc_severity sev, const std::string &field, const std::string &message) {
  isc_finding &f = r.add(sev, field, "Invalid", message, "S6", 0, nullptr);
  return static_cast<size_t>(&f - r.findings.data());
}

TEST(Report, DuplicatesDroppedBeforeAndAfterTheIndex) {
  isc_report r;
  for (int i = 0; i < 100; ++i) EXPECT_EQ(add(r, ISC_SEVERITY_ERROR, "f" + std::to_string(i), "m"), size_t(i));
  ASSERT_EQ(r.count, 100u);
  for (int i = 0; i < 100; ++i) {
    // The same finding again returns the first one, whichever path finds it.
    EXPECT_EQ(add(r, ISC_SEVERITY_ERROR, "f" + std::to_string(i), "m"), size_t(i));
  }
  EXPECT_EQ(r.count, 100u);
  // Differs in severity, field or message: a new finding.
  EXPECT_EQ(add(r, ISC_SEVERITY_WARNING, "f7", "m"), 100u);
  EXPECT_EQ(add(r, ISC_SEVERITY_ERROR, "f7", "m2"), 101u);
  EXPECT_EQ(add(r, ISC_SEVERITY_ERROR, "g7", "m"), 102u);
  EXPECT_EQ(r.count, 103u);
}

TEST(Report, IndexSurvivesCompactionAndReorder) {
  isc_report r;
  for (int i = 0; i < 80; ++i) add(r, ISC_SEVERITY_ERROR, "f" + std::to_string(i), "m");
  // Reverse in place (as a stable_partition may reorder), same count.
  std::reverse(r.findings.begin(), r.findings.begin() + 80);
  EXPECT_EQ(add(r, ISC_SEVERITY_ERROR, "f0", "m"), 79u);
  EXPECT_EQ(add(r, ISC_SEVERITY_ERROR, "f79", "m"), 0u);
  EXPECT_EQ(r.count, 80u);
  // Compact to the first 40 (f79 .. f40): f10 is gone and comes back as new.
  r.count = 40;
  EXPECT_EQ(add(r, ISC_SEVERITY_ERROR, "f10", "m"), 40u);
  EXPECT_EQ(add(r, ISC_SEVERITY_ERROR, "f45", "m"), 34u);
  EXPECT_EQ(r.count, 41u);
  r.reset();
  EXPECT_EQ(add(r, ISC_SEVERITY_ERROR, "f45", "m"), 0u);
}

TEST(Report, AggregateKeepsFirstOccurrences) {
  using isc::detail::aggregate;
  EXPECT_EQ(aggregate({}), "");
  EXPECT_EQ(aggregate({"a"}), "a");
  EXPECT_EQ(aggregate({"a", "a"}), "a");
  EXPECT_EQ(aggregate({"b", "a", "b", "c", "a"}), "[b, a, c]");
  std::vector<std::string> many;
  for (int i = 0; i < 5000; ++i) many.push_back("e" + std::to_string(i % 3));
  EXPECT_EQ(aggregate(many), "[e0, e1, e2]");
}

}  // namespace
