#include "core/operations.hh"

#include <algorithm>  // sort
#include <cstdint>    // int64_t
#include <string>     // string, to_string
#include <vector>     // vector

#include "decode/gotime.hh"
#include "grammar/reference.hh"
#include "rules/rules.hh"

namespace isc::detail {

void apply_v1_defaults(ImageStream &is, std::string_view default_import_mode) {
  for (uint32_t i = 0; i < is.spec.tags.count; ++i) {
    TagReference &t = is.tags[is.spec.tags.begin + i];
    if (t.reference_policy_type.v.empty()) t.reference_policy_type.v = "Source";
    if (t.import_policy.import_mode.v.empty()) t.import_policy.import_mode.v = default_import_mode;
  }
}

void expand_generate_name(ImageStream &is) {
  if (!is.meta.name.v.empty() || is.meta.generate_name.v.empty()) return;
  std::string_view base = is.meta.generate_name.v;
  if (base.size() > 58) base = base.substr(0, 58);
  std::string name(base);
  name += kGeneratedSuffix;
  is.meta.name.v = is.intern(name);
  is.meta.name.pos = is.meta.generate_name.pos;
}

std::string stream_repository(std::string_view registry, std::string_view ns, std::string_view name) {
  ImageRef r;
  r.registry = registry;
  r.namespace_ = ns;
  r.name = name;
  return image_ref_string(r);
}

namespace {

void compute_repositories(const isc_validator &v, ImageStream &is, bool allow_namespace_defaulting) {
  const Environment &env = *v.opts.env;
  if (env.internal_registry.empty()) {
    is.status.docker_image_repository.v = is.spec.docker_image_repository.v;
  } else {
    if (is.meta.namespace_.v.empty() && allow_namespace_defaulting) is.meta.namespace_.v = "default";
    is.status.docker_image_repository.v = is.intern(stream_repository(env.internal_registry, is.meta.namespace_.v, is.meta.name.v));
  }
  is.status.docker_image_repository.pos = kNoPos;
  if (env.external_registry.empty()) {
    is.status.public_docker_image_repository.v = {};
  } else {
    is.status.public_docker_image_repository.v =
        is.intern(stream_repository(env.external_registry, is.meta.namespace_.v, is.meta.name.v));
  }
  is.status.public_docker_image_repository.pos = kNoPos;
}

// Copies the status of `o` into `n` (the stored status replaces the client's).
void copy_status(ImageStream &n, const ImageStream &o) {
  n.status.docker_image_repository = o.status.docker_image_repository;
  n.status.public_docker_image_repository = o.status.public_docker_image_repository;
  uint32_t begin = static_cast<uint32_t>(n.tag_lists.size());
  for (const TagEventList *l = o.list_begin(); l != o.list_end(); ++l) {
    TagEventList c = *l;
    c.items.begin = static_cast<uint32_t>(n.events.size());
    for (uint32_t i = 0; i < l->items.count; ++i) n.events.push_back(o.events[l->items.begin + i]);
    c.conditions.begin = static_cast<uint32_t>(n.conditions.size());
    for (uint32_t i = 0; i < l->conditions.count; ++i) n.conditions.push_back(o.conditions[l->conditions.begin + i]);
    n.tag_lists.push_back(c);
  }
  n.status.tags = Range{begin, o.status.tags.count};
}

// Copies the spec tags of `o` into `n`.
void copy_spec_tags(ImageStream &n, const ImageStream &o) {
  uint32_t begin = static_cast<uint32_t>(n.tags.size());
  for (const TagReference *t = o.tag_begin(); t != o.tag_end(); ++t) {
    TagReference c = *t;
    if (c.annotations.present) {
      c.annotations.kv.begin = static_cast<uint32_t>(n.kvs.size());
      for (uint32_t i = 0; i < t->annotations.kv.count; ++i) n.kvs.push_back(o.kvs[t->annotations.kv.begin + i]);
    }
    n.tags.push_back(c);
  }
  n.spec.tags = Range{begin, o.spec.tags.count};
}

bool map_equal(const ImageStream &a, const StrMap &ma, const ImageStream &b, const StrMap &mb) {
  uint32_t ca = ma.present ? ma.kv.count : 0, cb = mb.present ? mb.kv.count : 0;
  if (ca != cb) return false;
  for (uint32_t i = 0; i < ca; ++i) {
    const KV &x = a.kvs[ma.kv.begin + i];
    bool found = false;
    for (uint32_t j = 0; j < cb; ++j) {
      const KV &y = b.kvs[mb.kv.begin + j];
      if (x.key.v == y.key.v) {
        found = x.value.v == y.value.v;
        break;
      }
    }
    if (!found) return false;
  }
  return true;
}

bool tag_equal(const ImageStream &a, const TagReference &x, const ImageStream &b, const TagReference &y) {
  if (x.name.v != y.name.v || x.reference != y.reference) return false;
  if (x.generation.set != y.generation.set || (x.generation.set && x.generation.v != y.generation.v)) return false;
  if (x.has_from != y.has_from) return false;
  if (x.has_from) {
    const ObjectRef &f = x.from, &g = y.from;
    if (f.kind.v != g.kind.v || f.namespace_.v != g.namespace_.v || f.name.v != g.name.v || f.uid.v != g.uid.v ||
        f.api_version.v != g.api_version.v || f.resource_version.v != g.resource_version.v ||
        f.field_path.v != g.field_path.v)
      return false;
  }
  if (x.import_policy.insecure != y.import_policy.insecure || x.import_policy.scheduled != y.import_policy.scheduled ||
      x.import_policy.import_mode.v != y.import_policy.import_mode.v)
    return false;
  if (x.reference_policy_type.v != y.reference_policy_type.v) return false;
  return map_equal(a, x.annotations, b, y.annotations);
}

}  // namespace

bool spec_equal(const ImageStream &a, const ImageStream &b) {
  if (a.spec.lookup_local != b.spec.lookup_local) return false;
  if (a.spec.docker_image_repository.v != b.spec.docker_image_repository.v) return false;
  if (a.spec.tags.count != b.spec.tags.count) return false;
  for (uint32_t i = 0; i < a.spec.tags.count; ++i) {
    // Both are sorted by name (internal maps).
    if (!tag_equal(a, a.tags[a.spec.tags.begin + i], b, b.tags[b.spec.tags.begin + i])) return false;
  }
  return true;
}

void prepare_for_create(const isc_validator &v, ImageStream &is) {
  // The create handler wipes the system fields (rest.WipeObjectMetaSystemFields)
  // and the store fills creationTimestamp and uid with values only the
  // server knows: the persisted form leaves them unset.
  is.meta.creation_timestamp = Str{};
  is.meta.uid = Str{};
  is.meta.deletion_timestamp = Str{};
  is.meta.deletion_grace_period_seconds = OptInt{};
  is.meta.self_link = Str{};
  // Status is replaced: nothing the client sent survives.
  is.status = Status{};
  is.status.pos = kNoPos;
  compute_repositories(v, is, false);
  is.meta.generation.set = true;
  is.meta.generation.v = 1;
  for (TagReference *t = is.tag_begin(); t != is.tag_end(); ++t) {
    t->generation.set = true;
    t->generation.v = 1;
  }
}

void copy_system_fields(ImageStream &n, const ImageStream &o) {
  if (n.meta.uid.v.empty()) n.meta.uid = o.meta.uid;
  // rest.BeforeUpdate copies the stored timestamps only when they are not
  // IsZero(): absent, null, or any text naming the zero instant
  // (0001-01-01T00:00:00Z) leaves the new object's value in place.
  if (!go_time_of(o.meta.creation_timestamp.v).is_zero()) n.meta.creation_timestamp = o.meta.creation_timestamp;
  if (!go_time_of(o.meta.deletion_timestamp.v).is_zero()) n.meta.deletion_timestamp = o.meta.deletion_timestamp;
  if (o.meta.deletion_grace_period_seconds.set && !n.meta.deletion_grace_period_seconds.set)
    n.meta.deletion_grace_period_seconds = o.meta.deletion_grace_period_seconds;
}

void prepare_for_update(const isc_validator &v, ImageStream &n, const ImageStream &o) {
  int64_t old_gen = o.meta.generation.set ? o.meta.generation.v : 0;
  n.meta.generation.set = true;
  n.meta.generation.v = old_gen;
  // The stored status replaces the client's (collapsing the client's empty
  // lists first has no visible effect).
  n.status = Status{};
  copy_status(n, o);
  compute_repositories(v, n, true);
  // A client cannot set a tag generation, except to 0 (re-import).
  for (TagReference *t = n.tag_begin(); t != n.tag_end(); ++t) {
    if (t->generation.set && t->generation.v == 0) continue;
    if (const TagReference *ot = o.find_tag(t->name.v)) {
      uint32_t pos = t->generation.pos;
      t->generation = ot->generation;
      t->generation.pos = pos;
    }
  }
  if (!spec_equal(o, n) || n.meta.generation.v == 0) n.meta.generation.v = old_gen + 1;
  // Tags that are new, changed, nil or zero get the stream generation.
  for (TagReference *t = n.tag_begin(); t != n.tag_end(); ++t) {
    const TagReference *ot = o.find_tag(t->name.v);
    if (!ot || tag_ref_changed(*ot, *t, n.meta.namespace_.v)) t->generation.set = false;
    if (t->generation.set && t->generation.v != 0) continue;
    t->generation.set = true;
    t->generation.v = n.meta.generation.v;
  }
}

void prepare_for_status_update(ImageStream &n, const ImageStream &o) {
  int64_t old_gen = o.meta.generation.set ? o.meta.generation.v : 0;
  n.meta.generation.set = true;
  n.meta.generation.v = old_gen;
  // Spec tags and dockerImageRepository come from the stored object; the
  // lookup policy and metadata are taken from the request (spec §8.7).
  copy_spec_tags(n, o);
  n.spec.docker_image_repository = o.spec.docker_image_repository;
  // Observed generation defaulting (N6, T4).
  for (TagEventList *l = n.list_begin(); l != n.list_end(); ++l) {
    if (l->items.count == 0) continue;
    TagEvent &first = n.events[l->items.begin];
    if (first.generation != 0) continue;
    const TagEventList *ol = o.find_list(l->tag.v);
    bool changed = false;
    if (ol && ol->items.count) {
      const TagEvent &prev = o.events[ol->items.begin];
      changed = prev.image.v != first.image.v || prev.docker_image_reference.v != first.docker_image_reference.v ||
                prev.generation > first.generation;
    }
    if (!changed) {
      first.generation = n.meta.generation.v;
      continue;
    }
    const TagReference *st = n.find_tag(l->tag.v);
    first.generation = (st && st->generation.set) ? st->generation.v : n.meta.generation.v;
  }
}

// ---------------------------------------------------------------------------
// Persisted object (encoding/json of the v1 types, fields in struct order).

namespace {

// metav1.Time as encoding/json writes it: the instant in UTC at second
// precision (t.UTC().Format(time.RFC3339)); the zero time is null. The input
// already passed the decoder's RFC 3339 check; anything else is kept as is.
std::string canonical_time(std::string_view t) {
  GoTime g;
  if (!go_rfc3339_parse(t, &g).empty()) return "\"" + std::string(t) + "\"";
  return go_metav1_time_json(g);
}

class Writer {
 public:
  explicit Writer(std::string &out) : o_(out) {}

  void stream(const ImageStream &is) {
    o_ += "{\"kind\":\"ImageStream\",\"apiVersion\":\"image.openshift.io/v1\",\"metadata\":";
    meta(is);
    o_ += ",\"spec\":";
    spec(is);
    o_ += ",\"status\":";
    status(is);
    o_ += "}";
  }

 private:
  void str(std::string_view s) { append_json_string(o_, s, true); }
  void key(const char *k) {
    if (!first_) o_ += ",";
    first_ = false;
    o_ += "\"";
    o_ += k;
    o_ += "\":";
  }
  void opt_str(const char *k, const Str &s) {
    if (s.v.empty()) return;
    key(k);
    str(s.v);
  }
  void strmap(const ImageStream &is, const StrMap &m) {
    o_ += "{";
    // encoding/json sorts map keys.
    std::vector<const KV *> kvs;
    for (uint32_t i = 0; i < m.kv.count; ++i) kvs.push_back(&is.kvs[m.kv.begin + i]);
    std::sort(kvs.begin(), kvs.end(), [](const KV *a, const KV *b) { return a->key.v < b->key.v; });
    for (size_t i = 0; i < kvs.size(); ++i) {
      if (i) o_ += ",";
      str(kvs[i]->key.v);
      o_ += ":";
      str(kvs[i]->value.v);
    }
    o_ += "}";
  }
  void time(const Str &t) {
    if (t.v.empty()) o_ += "null";
    else o_ += canonical_time(t.v);
  }

  void meta(const ImageStream &is) {
    const Meta &m = is.meta;
    o_ += "{";
    first_ = true;
    opt_str("name", m.name);
    opt_str("generateName", m.generate_name);
    opt_str("namespace", m.namespace_);
    opt_str("selfLink", m.self_link);
    opt_str("uid", m.uid);
    opt_str("resourceVersion", m.resource_version);
    if (m.generation.set && m.generation.v != 0) {
      key("generation");
      o_ += std::to_string(m.generation.v);
    }
    key("creationTimestamp");
    time(m.creation_timestamp);
    if (!m.deletion_timestamp.v.empty()) {
      key("deletionTimestamp");
      time(m.deletion_timestamp);
    }
    if (m.deletion_grace_period_seconds.set) {
      key("deletionGracePeriodSeconds");
      o_ += std::to_string(m.deletion_grace_period_seconds.v);
    }
    if (m.labels.present && m.labels.kv.count) {
      key("labels");
      strmap(is, m.labels);
    }
    if (m.annotations.present && m.annotations.kv.count) {
      key("annotations");
      strmap(is, m.annotations);
    }
    if (m.owner_refs.count) {
      key("ownerReferences");
      o_ += "[";
      for (uint32_t i = 0; i < m.owner_refs.count; ++i) {
        const OwnerRef &r = is.owner_refs[m.owner_refs.begin + i];
        if (i) o_ += ",";
        o_ += "{\"apiVersion\":";
        str(r.api_version.v);
        o_ += ",\"kind\":";
        str(r.kind.v);
        o_ += ",\"name\":";
        str(r.name.v);
        o_ += ",\"uid\":";
        str(r.uid.v);
        if (r.controller >= 0) o_ += r.controller ? ",\"controller\":true" : ",\"controller\":false";
        if (r.block_owner_deletion >= 0)
          o_ += r.block_owner_deletion ? ",\"blockOwnerDeletion\":true" : ",\"blockOwnerDeletion\":false";
        o_ += "}";
      }
      o_ += "]";
    }
    if (m.finalizers.count) {
      key("finalizers");
      o_ += "[";
      for (uint32_t i = 0; i < m.finalizers.count; ++i) {
        if (i) o_ += ",";
        str(is.strs[m.finalizers.begin + i].v);
      }
      o_ += "]";
    }
    if (m.managed_fields && is.doc && is.doc->nodes[m.managed_fields].len) {
      key("managedFields");
      write_json(*is.doc, m.managed_fields, o_);
    }
    o_ += "}";
  }

  // N9: the v1 conversion writes a spec or status dockerImageRepository
  // that parses with a tag or ID without them (legacy stored values).
  void repository_without_tag(std::string_view repo) {
    ImageRef r;
    if (!parse_image_ref(repo, r) && (!r.tag.empty() || !r.id.empty())) {
      r.tag = {};
      r.id = {};
      str(image_ref_exact(r));
    } else {
      str(repo);
    }
  }

  void spec(const ImageStream &is) {
    const Spec &s = is.spec;
    o_ += "{\"lookupPolicy\":{\"local\":";
    o_ += s.lookup_local ? "true" : "false";
    o_ += "}";
    if (!s.docker_image_repository.v.empty()) {
      o_ += ",\"dockerImageRepository\":";
      repository_without_tag(s.docker_image_repository.v);
    }
    if (s.tags.count) {
      o_ += ",\"tags\":[";
      for (uint32_t i = 0; i < s.tags.count; ++i) {
        if (i) o_ += ",";
        tag(is, is.tags[s.tags.begin + i]);
      }
      o_ += "]";
    }
    o_ += "}";
  }

  void tag(const ImageStream &is, const TagReference &t) {
    o_ += "{\"name\":";
    str(t.name.v);
    // No omitempty: a nil map is null. The stored object went through
    // protobuf (openshift-apiserver's storage media type), which keeps no
    // difference between an empty map and a nil one: {} comes back as null.
    o_ += ",\"annotations\":";
    if (t.annotations.present && t.annotations.kv.count) strmap(is, t.annotations);
    else o_ += "null";
    if (t.has_from) {
      o_ += ",\"from\":{";
      first_ = true;
      opt_str("kind", t.from.kind);
      opt_str("namespace", t.from.namespace_);
      opt_str("name", t.from.name);
      opt_str("uid", t.from.uid);
      opt_str("apiVersion", t.from.api_version);
      opt_str("resourceVersion", t.from.resource_version);
      opt_str("fieldPath", t.from.field_path);
      o_ += "}";
    }
    if (t.reference) o_ += ",\"reference\":true";
    o_ += ",\"generation\":";
    o_ += t.generation.set ? std::to_string(t.generation.v) : std::string("null");
    o_ += ",\"importPolicy\":{";
    first_ = true;
    if (t.import_policy.insecure) {
      key("insecure");
      o_ += "true";
    }
    if (t.import_policy.scheduled) {
      key("scheduled");
      o_ += "true";
    }
    opt_str("importMode", t.import_policy.import_mode);
    o_ += "},\"referencePolicy\":{\"type\":";
    str(t.reference_policy_type.v);
    o_ += "}}";
  }

  void status(const ImageStream &is) {
    const Status &s = is.status;
    o_ += "{\"dockerImageRepository\":";
    repository_without_tag(s.docker_image_repository.v);
    if (!s.public_docker_image_repository.v.empty()) {
      o_ += ",\"publicDockerImageRepository\":";
      str(s.public_docker_image_repository.v);
    }
    if (s.tags.count) {
      o_ += ",\"tags\":[";
      for (uint32_t i = 0; i < s.tags.count; ++i) {
        const TagEventList &l = is.tag_lists[s.tags.begin + i];
        if (i) o_ += ",";
        o_ += "{\"tag\":";
        str(l.tag.v);
        o_ += ",\"items\":";
        if (l.items.count == 0) {  // protobuf storage: an empty list comes back nil
          o_ += "null";
        } else {
          o_ += "[";
          for (uint32_t k = 0; k < l.items.count; ++k) {
            const TagEvent &e = is.events[l.items.begin + k];
            if (k) o_ += ",";
            o_ += "{";
            first_ = true;
            // A server-generated event is stamped with the request time,
            // which cannot be known offline: it is left out.
            if (!e.created.v.empty()) {
              key("created");
              time(e.created);
            }
            key("dockerImageReference");
            str(e.docker_image_reference.v);
            key("image");
            str(e.image.v);
            key("generation");
            o_ += std::to_string(e.generation);
            o_ += "}";
          }
          o_ += "]";
        }
        if (l.conditions.count) {
          o_ += ",\"conditions\":[";
          for (uint32_t k = 0; k < l.conditions.count; ++k) {
            const TagEventCondition &c = is.conditions[l.conditions.begin + k];
            if (k) o_ += ",";
            o_ += "{\"type\":";
            str(c.type.v);
            o_ += ",\"status\":";
            str(c.status.v);
            o_ += ",\"lastTransitionTime\":";
            time(c.last_transition_time);
            if (!c.reason.v.empty()) {
              o_ += ",\"reason\":";
              str(c.reason.v);
            }
            if (!c.message.v.empty()) {
              o_ += ",\"message\":";
              str(c.message.v);
            }
            o_ += ",\"generation\":";
            o_ += std::to_string(c.generation);
            o_ += "}";
          }
          o_ += "]";
        }
        o_ += "}";
      }
      o_ += "]";
    }
    o_ += "}";
  }

  std::string &o_;
  bool first_ = true;
};

}  // namespace

void render_persisted(const ImageStream &is, std::string &out) {
  out.clear();
  Writer w(out);
  w.stream(is);
}

}  // namespace isc::detail
