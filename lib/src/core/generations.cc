#include "core/generations.hh"

#include <algorithm>  // lower_bound

#include "json/doc.hh"

namespace isc::detail {

std::vector<const char *> tag_change_reasons(const TagReference &old, const TagReference &next,
                                             std::string_view stream_namespace) {
  std::vector<const char *> r;
  // A tag without a usable source is never "changed" (it has nothing to import).
  if (!next.has_from) return r;
  if (next.from.kind.v.empty() && next.from.name.v.empty()) return r;
  ObjectRef empty;
  const ObjectRef &of = old.has_from ? old.from : empty;
  std::string_view old_ns = of.namespace_.v.empty() ? stream_namespace : of.namespace_.v;
  std::string_view next_ns = next.from.namespace_.v.empty() ? stream_namespace : next.from.namespace_.v;
  if (old_ns != next_ns) r.push_back("from.namespace");
  if (of.name.v != next.from.name.v) r.push_back("from.name");
  if (old.reference != next.reference) r.push_back("reference");
  if (old.import_policy.import_mode.v != next.import_policy.import_mode.v) r.push_back("importPolicy.importMode");
  if (old.generation.set && next.generation.set && old.generation.v != next.generation.v && next.generation.v == 0)
    r.push_back("generation reset to 0");
  return r;
}

namespace {

bool map_equal(const ImageStream &a, const StrMap &ma, const ImageStream &b, const StrMap &mb) {
  uint32_t ca = ma.present ? ma.kv.count : 0, cb = mb.present ? mb.kv.count : 0;
  if (ca != cb) return false;
  for (uint32_t i = 0; i < ca; ++i) {
    const KV &x = a.kvs[ma.kv.begin + i];
    bool found = false;
    for (uint32_t j = 0; j < cb && !found; ++j) {
      const KV &y = b.kvs[mb.kv.begin + j];
      found = x.key.v == y.key.v && x.value.v == y.value.v;
    }
    if (!found) return false;
  }
  return true;
}

void opt(std::string &out, const OptInt &v) { out += v.set ? std::to_string(v.v) : std::string("null"); }

}  // namespace

std::vector<const char *> tag_other_differences(const ImageStream &a, const TagReference &old, const ImageStream &b,
                                                const TagReference &next) {
  std::vector<const char *> r;
  if (old.has_from != next.has_from) {
    r.push_back("from");
  } else if (old.has_from && old.from.kind.v != next.from.kind.v) {
    r.push_back("from.kind");
  }
  if (old.import_policy.scheduled != next.import_policy.scheduled) r.push_back("importPolicy.scheduled");
  if (old.import_policy.insecure != next.import_policy.insecure) r.push_back("importPolicy.insecure");
  if (old.reference_policy_type.v != next.reference_policy_type.v) r.push_back("referencePolicy.type");
  if (!map_equal(a, old.annotations, b, next.annotations)) r.push_back("annotations");
  return r;
}

void render_generations(const ImageStream &old, const ImageStream &after, const std::vector<SentGeneration> &sent,
                        bool generation_bumped, std::string &out) {
  out.clear();
  out += "{\"oldGeneration\":";
  opt(out, old.meta.generation);
  out += ",\"generation\":";
  opt(out, after.meta.generation);
  out += generation_bumped ? ",\"generationBumped\":true" : ",\"generationBumped\":false";
  out += ",\"tags\":[";
  // Union of tag names, sorted (both sides are sorted internal maps).
  const TagReference *a = old.tag_begin(), *ae = old.tag_end();
  const TagReference *b = after.tag_begin(), *be = after.tag_end();
  bool first = true;
  while (a != ae || b != be) {
    const TagReference *o = nullptr, *n = nullptr;
    if (b == be || (a != ae && a->name.v < b->name.v)) o = a++;
    else if (a == ae || b->name.v < a->name.v) n = b++;
    else {
      o = a++;
      n = b++;
    }
    if (!first) out += ",";
    first = false;
    out += "{\"tag\":";
    append_json_string(out, n ? n->name.v : o->name.v);
    std::vector<const char *> reasons, others;
    const char *change;
    if (!o) {
      change = "added";
    } else if (!n) {
      change = "removed";
    } else {
      // The server compares the stored tag with the submitted one after it
      // restored the stored generation (prepareForUpdate).
      TagReference probe = *n;
      for (const auto &s : sent) {
        if (s.tag == n->name.v && s.generation.set && s.generation.v == 0) probe.generation = s.generation;
      }
      if (!(probe.generation.set && probe.generation.v == 0)) probe.generation = o->generation;
      reasons = tag_change_reasons(*o, probe, after.meta.namespace_.v);
      others = tag_other_differences(old, *o, after, *n);
      change = reasons.empty() ? "unchanged" : "changed";
    }
    out += ",\"change\":\"";
    out += change;
    out += "\",\"reasons\":[";
    for (size_t i = 0; i < reasons.size(); ++i) {
      if (i) out += ",";
      append_json_string(out, reasons[i]);
    }
    out += "],\"otherChanges\":[";
    for (size_t i = 0; i < others.size(); ++i) {
      if (i) out += ",";
      append_json_string(out, others[i]);
    }
    out += "],\"sentGeneration\":";
    OptInt sg;
    if (n) {
      for (const auto &s : sent) {
        if (s.tag == n->name.v) sg = s.generation;
      }
    }
    opt(out, sg);
    out += ",\"oldGeneration\":";
    opt(out, o ? o->generation : OptInt{});
    out += ",\"generation\":";
    opt(out, n ? n->generation : OptInt{});
    // The importer acts when the spec tag's generation is newer than the one
    // its latest status event (or condition) records.
    OptInt observed;
    std::string_view name = n ? n->name.v : o->name.v;
    if (const TagEventList *l = after.find_list(name)) {
      if (l->items.count) {
        observed.set = true;
        observed.v = after.events[l->items.begin].generation;
      } else if (l->conditions.count) {
        observed.set = true;
        observed.v = after.conditions[l->conditions.begin].generation;
      }
    }
    out += ",\"observedGeneration\":";
    opt(out, observed);
    const char *import = "not-applicable";
    if (n && n->has_from && n->from.kind.v == "DockerImage" && !n->reference) {
      import = (!observed.set || (n->generation.set && n->generation.v > observed.v)) ? "pending" : "none";
    }
    out += ",\"import\":\"";
    out += import;
    out += "\"}";
  }
  out += "]}";
}

}  // namespace isc::detail
