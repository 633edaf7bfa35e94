// isconform's own warnings (W*): what the API server accepts silently but a
// user would want to know. Each was chosen from what the real-world corpus
// holds (see docs/rules.md for counts); none changes validity.
#include <algorithm>  // sort, stable_sort
#include <string>
#include <vector>

#include "rules/rules.hh"

namespace isc::detail {

namespace {

uint32_t or_pos(uint32_t a, uint32_t b) { return a != kNoPos ? a : b; }

bool is_word(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

// The tag grammar of pull specs, [\w][\w.-]{0,127}: a tag name outside it can
// never be addressed as <stream>:<tag> (oc tag, ImageStreamTag, triggers).
bool addressable_tag(std::string_view t) {
  if (t.empty() || t.size() > 128 || !is_word(t[0])) return false;
  for (char c : t) {
    if (!is_word(c) && c != '.' && c != '-') return false;
  }
  return true;
}

std::string tag_field(std::string_view tag, const char *rest) {
  std::string p = "spec.tags[";
  p.append(tag);
  p += "]";
  p += rest;
  return p;
}

}  // namespace

void extra_warnings(const ImageStream &is, isc_operation op, Errors &e) {
  // W1: duplicate tag names. The server keys tags by name; the last entry
  // wins silently (two files in the corpus do this by accident).
  if (is.spec.tags.count > 1) {
    // Names that repeat: (name, times, index of the last entry), reported in
    // name order. No work for the usual list, in order and without repeats;
    // pairwise for short lists; by sorting for long ones.
    const uint32_t n = is.spec.tags.count;
    const auto name = [&](uint32_t i) { return is.tags[is.spec.tags.begin + i].name.v; };
    bool ordered = true;
    for (uint32_t i = 1; i < n && ordered; ++i) ordered = name(i - 1) < name(i);
    struct Repeat {
      std::string_view name;
      uint32_t times, last;
    };
    std::vector<Repeat> repeats;
    if (!ordered && n <= 16) {
      for (uint32_t i = 0; i < n; ++i) {
        uint32_t times = 0, last = i;
        bool first = true;
        for (uint32_t j = 0; j < n; ++j) {
          if (name(j) != name(i)) continue;
          if (j < i) first = false;
          ++times;
          last = j;
        }
        if (first && times > 1) repeats.push_back({name(i), times, last});
      }
    } else if (!ordered) {
      // Indexes sorted by name (stable: equal names keep document order, so
      // a run's last index is its last entry). One allocation, not a hash
      // node per tag.
      std::vector<uint32_t> idx(n);
      for (uint32_t i = 0; i < n; ++i) idx[i] = i;
      std::stable_sort(idx.begin(), idx.end(), [&](uint32_t a, uint32_t b) { return name(a) < name(b); });
      for (uint32_t i = 0; i < n;) {
        uint32_t j = i + 1;
        while (j < n && name(idx[j]) == name(idx[i])) ++j;
        if (j - i > 1) repeats.push_back({name(idx[i]), j - i, idx[j - 1]});
        i = j;
      }
    }
    std::sort(repeats.begin(), repeats.end(), [](const Repeat &a, const Repeat &b) { return a.name < b.name; });
    for (const Repeat &r : repeats) {
      const TagReference &t = is.tags[is.spec.tags.begin + r.last];
      std::string f = tag_field(t.name.v, "");
      e.warning(f,
                f + ": tag name \"" + std::string(t.name.v) + "\" appears " + std::to_string(r.times) +
                    " times in spec.tags; the API server keeps only the last entry (spec.tags[" +
                    std::to_string(r.last) + "]) and drops the others",
                "W1", or_pos(t.name.pos, t.pos));
    }
  }
  // W2: spec.dockerImageRepository is deprecated since 3.7 (231 corpus files).
  if (!is.spec.docker_image_repository.v.empty()) {
    e.warning("spec.dockerImageRepository",
              "spec.dockerImageRepository: deprecated since OpenShift 3.7; set the source of each tag in "
              "spec.tags[].from instead",
              "W2", is.spec.docker_image_repository.pos);
  }
  for (uint32_t i = 0; i < is.spec.tags.count; ++i) {
    const TagReference &t = is.tags[is.spec.tags.begin + i];
    // W4: tag names no ImageStreamTag can address.
    if (!addressable_tag(t.name.v)) {
      std::string f = tag_field(t.name.v, ".name");
      e.warning(f,
                f + ": " + (t.name.v.empty() ? std::string("an empty tag name") : "tag name \"" + std::string(t.name.v) + "\"") +
                    " cannot be addressed as <stream>:<tag> (tags match [A-Za-z0-9_][A-Za-z0-9_.-]{0,127}); the "
                    "server accepts it, but no ImageStreamTag, trigger or pull spec can use it",
                "W4", or_pos(t.name.pos, t.pos));
    }
    // W5: from names whose form contradicts their kind.
    if (t.has_from) {
      std::string_view n = t.from.name.v;
      if (t.from.kind.v == "ImageStreamTag" && n.find('@') != std::string_view::npos) {
        std::string f = tag_field(t.name.v, ".from.name");
        e.warning(f,
                  f + ": \"" + std::string(n) +
                      "\" holds a digest, which kind ImageStreamTag does not read (it splits on ':'); use kind "
                      "ImageStreamImage with <stream>@<id>",
                  "W5", or_pos(t.from.name.pos, t.from.pos));
      } else if (t.from.kind.v == "ImageStreamImage" && n.find('@') == std::string_view::npos &&
                 n.find(':') != std::string_view::npos) {
        std::string f = tag_field(t.name.v, ".from.name");
        e.warning(f,
                  f + ": \"" + std::string(n) +
                      "\" looks like <stream>:<tag>, but kind ImageStreamImage expects <stream>@<id> and reads the "
                      "whole name as an image id; use kind ImageStreamTag",
                  "W5", or_pos(t.from.name.pos, t.from.pos));
      }
    }
    // W8: a tag generation set by the client on create is replaced by 1.
    if (op == ISC_OP_CREATE && t.generation.set && t.generation.v != 0) {
      std::string f = tag_field(t.name.v, ".generation");
      e.warning(f, f + ": ignored on create: the server sets every tag generation to 1", "W8", t.generation.pos);
    }
  }
  // W7: status history sent on create or update is discarded by the server.
  if (op != ISC_OP_STATUS_UPDATE && is.status.tags.count) {
    e.warning("status.tags",
              std::string("status.tags: ignored on ") + (op == ISC_OP_CREATE ? "create" : "update") +
                  ": the server replaces the status; only the status subresource writes it",
              "W7", is.status.pos);
  }
}

}  // namespace isc::detail
