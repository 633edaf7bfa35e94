// Metadata rules M1-M12 (spec §5.1).
#include <algorithm>  // sort, unique
#include <string>

#include "decode/gotime.hh"
#include "grammar/names.hh"
#include "json/doc.hh"
#include "rules/messages.hh"
#include "rules/rules.hh"
#include "util/goquote.hh"

namespace isc::detail {

namespace {

void name_messages(std::string_view s, bool prefix, NameRule rule, Msgs &m) {
  if (rule == NameRule::ImageStream) image_stream_name(s, prefix, m);
  else path_segment_name(s, prefix, m);
}

// JSON rendering of an OwnerReference as encoding/json writes it.
void append_owner_ref_json(std::string &out, const OwnerRef &o) {
  out += "{\"apiVersion\":";
  append_json_string(out, o.api_version.v, true);
  out += ",\"kind\":";
  append_json_string(out, o.kind.v, true);
  out += ",\"name\":";
  append_json_string(out, o.name.v, true);
  out += ",\"uid\":";
  append_json_string(out, o.uid.v, true);
  if (o.controller >= 0) out += o.controller ? ",\"controller\":true" : ",\"controller\":false";
  if (o.block_owner_deletion >= 0) out += o.block_owner_deletion ? ",\"blockOwnerDeletion\":true" : ",\"blockOwnerDeletion\":false";
  out += "}";
}

void validate_owner_references(const ImageStream &is, Errors &e) {
  static constexpr char kPath[] = "metadata.ownerReferences";
  std::string first_controller;
  for (uint32_t i = 0; i < is.meta.owner_refs.count; ++i) {
    const OwnerRef &o = is.owner_refs[is.meta.owner_refs.begin + i];
    // schema.FromAPIVersionAndKind / ParseGroupVersion.
    std::string_view av = o.api_version.v;
    std::string_view group, version;
    bool parsed = true;
    if (av.empty() || av == "/") {
    } else {
      size_t slashes = static_cast<size_t>(std::count(av.begin(), av.end(), '/'));
      if (slashes == 0) version = av;
      else if (slashes == 1) {
        size_t p = av.find('/');
        group = av.substr(0, p);
        version = av.substr(p + 1);
      } else {
        parsed = false;
      }
    }
    if (!parsed) {
      group = {};
      version = {};
    }
    uint32_t pos = o.pos;
    if (version.empty())
      e.invalid("metadata.ownerReferences.apiVersion", quote_str(av), msg::kVersionMustNotBeEmpty, "M10",
                o.api_version.pos != kNoPos ? o.api_version.pos : pos);
    if (o.kind.v.empty())
      e.invalid("metadata.ownerReferences.kind", quote_str(o.kind.v), msg::kMustNotBeEmpty, "M10",
                o.kind.pos != kNoPos ? o.kind.pos : pos);
    if (o.name.v.empty())
      e.invalid("metadata.ownerReferences.name", quote_str(o.name.v), msg::kMustNotBeEmpty, "M10",
                o.name.pos != kNoPos ? o.name.pos : pos);
    if (o.uid.v.empty())
      e.invalid("metadata.ownerReferences.uid", quote_json(o.uid.v), msg::kMustNotBeEmpty, "M10",
                o.uid.pos != kNoPos ? o.uid.pos : pos);
    if (group.empty() && version == "v1" && o.kind.v == "Event") {
      std::string value;
      append_owner_ref_json(value, o);
      e.invalid(kPath, value, std::string("/v1, Kind=Event ") + msg::kDisallowedOwner, "M10", pos);
    }
    if (o.controller == 1) {
      std::string cur = std::string(o.kind.v) + "/" + std::string(o.name.v);
      if (!first_controller.empty()) {
        std::string value = "[";
        for (uint32_t j = 0; j < is.meta.owner_refs.count; ++j) {
          if (j) value += ",";
          append_owner_ref_json(value, is.owner_refs[is.meta.owner_refs.begin + j]);
        }
        value += "]";
        e.invalid(kPath, value,
                  "Only one reference can have Controller set to true. Found \"true\" in references for " +
                      first_controller + " and " + cur,
                  "M10", pos);
      } else {
        first_controller = cur;
      }
    }
  }
}

void validate_finalizers(const ImageStream &is, Errors &e) {
  bool orphan = false, foreground = false;
  for (uint32_t i = 0; i < is.meta.finalizers.count; ++i) {
    const Str &f = is.strs[is.meta.finalizers.begin + i];
    Msgs m;
    qualified_name(f.v, m);
    for (size_t k = 0; k < m.n; ++k) e.invalid("metadata.finalizers", quote_str(f.v), m.m[k], "M9", f.pos);
    if (f.v == "orphan") orphan = true;
    if (f.v == "foregroundDeletion") foreground = true;
  }
  if (orphan && foreground) {
    std::string value = "[";
    for (uint32_t i = 0; i < is.meta.finalizers.count; ++i) {
      if (i) value += ",";
      append_json_string(value, is.strs[is.meta.finalizers.begin + i].v, true);
    }
    value += "]";
    uint32_t pos = is.meta.finalizers.count ? is.strs[is.meta.finalizers.begin].pos : is.meta.pos;
    e.invalid("metadata.finalizers", value, msg::kFinalizerOrphanForeground, "M9", pos);
  }
}

void validate_kube_finalizer_names(const ImageStream &is, Errors &e) {
  for (uint32_t i = 0; i < is.meta.finalizers.count; ++i) {
    const Str &f = is.strs[is.meta.finalizers.begin + i];
    if (f.v.find('/') != std::string_view::npos) continue;
    if (f.v == "kubernetes" || f.v == "orphan" || f.v == "foregroundDeletion") continue;
    e.invalid("metadata.finalizers[" + std::to_string(i) + "]", quote_str(f.v), msg::kFinalizerNotStandard, "M9",
              f.pos);
  }
}

uint32_t or_pos(uint32_t a, uint32_t b) { return a != kNoPos ? a : b; }

// Labels, annotations and owner references: ValidateObjectMetaAccessor and
// ValidateObjectMetaAccessorUpdate both check them on the new object, in
// this order.
void validate_labels_annotations_owners(const ImageStream &is, Errors &e) {
  const Meta &m = is.meta;
  for (uint32_t i = 0; i < m.labels.kv.count; ++i) {
    const KV &kv = is.kvs[m.labels.kv.begin + i];
    Msgs km;
    qualified_name(kv.key.v, km);
    for (size_t k = 0; k < km.n; ++k) e.invalid("metadata.labels", quote_str(kv.key.v), km.m[k], "M7", kv.key.pos);
    Msgs vm;
    label_value(kv.value.v, vm);
    for (size_t k = 0; k < vm.n; ++k)
      e.invalid("metadata.labels", quote_str(kv.value.v), vm.m[k], "M7", kv.value.pos);
  }
  uint64_t total = 0;
  std::string lowered;
  for (uint32_t i = 0; i < m.annotations.kv.count; ++i) {
    const KV &kv = is.kvs[m.annotations.kv.begin + i];
    Msgs km;
    qualified_name(go_to_lower(kv.key.v, lowered), km);
    for (size_t k = 0; k < km.n; ++k)
      e.invalid("metadata.annotations", quote_str(kv.key.v), km.m[k], "M8", kv.key.pos);
    total += kv.key.v.size() + kv.value.v.size();
  }
  if (total > 262144) e.too_long("metadata.annotations", 262144, "M8", m.annotations.pos);
  validate_owner_references(is, e);
}

}  // namespace

void validate_object_meta(const ImageStream &is, NameRule name_rule, bool core_finalizers, Errors &e) {
  const Meta &m = is.meta;
  if (!m.generate_name.v.empty()) {
    Msgs msgs;
    name_messages(m.generate_name.v, true, name_rule, msgs);
    for (size_t i = 0; i < msgs.n; ++i)
      e.invalid("metadata.generateName", quote_str(m.generate_name.v), msgs.m[i], "M4", m.generate_name.pos);
  }
  if (m.name.v.empty()) {
    e.required("metadata.name", msg::kNameOrGenerateNameRequired, "M1", or_pos(m.name.pos, or_pos(m.pos, is.pos)));
  } else {
    Msgs msgs;
    name_messages(m.name.v, false, name_rule, msgs);
    for (size_t i = 0; i < msgs.n; ++i) {
      const char *rule = (msgs.m[i] == msg::kStreamNameMustMatch) ? "M3" : "M2";
      e.invalid("metadata.name", quote_str(m.name.v), msgs.m[i], rule, or_pos(m.name.pos, m.generate_name.pos));
    }
  }
  if (m.namespace_.v.empty()) {
    e.required("metadata.namespace", "", "M5", or_pos(m.namespace_.pos, or_pos(m.pos, is.pos)));
  } else {
    Msgs msgs;
    dns1123_label(m.namespace_.v, msgs);
    for (size_t i = 0; i < msgs.n; ++i)
      e.invalid("metadata.namespace", quote_str(m.namespace_.v), msgs.m[i], "M5", m.namespace_.pos);
  }
  // M11 (generation >= 0) cannot fire: the server overwrites generation first.
  validate_labels_annotations_owners(is, e);
  validate_finalizers(is, e);
  if (core_finalizers) validate_kube_finalizer_names(is, e);
}

void validate_object_meta_update(const ImageStream &n, const ImageStream &o, bool core_finalizers, Errors &e) {
  const Meta &nm = n.meta;
  const Meta &om = o.meta;
  if (!om.deletion_timestamp.v.empty()) {
    std::vector<std::string_view> added;
    for (uint32_t i = 0; i < nm.finalizers.count; ++i) {
      std::string_view f = n.strs[nm.finalizers.begin + i].v;
      bool found = false;
      for (uint32_t j = 0; j < om.finalizers.count; ++j) {
        if (o.strs[om.finalizers.begin + j].v == f) {
          found = true;
          break;
        }
      }
      if (!found) added.push_back(f);
    }
    std::sort(added.begin(), added.end());
    added.erase(std::unique(added.begin(), added.end()), added.end());
    if (!added.empty()) {
      std::string detail = msg::kNoNewFinalizers;
      detail += "[]string{";
      for (size_t i = 0; i < added.size(); ++i) {
        if (i) detail += ", ";
        detail += quote_str(added[i]);
      }
      detail += "}";
      e.forbidden("metadata.finalizers", detail, "M12", or_pos(nm.pos, n.pos));
    }
  }
  if (nm.resource_version.v.empty())
    e.invalid("metadata.resourceVersion", quote_str(""), msg::kResourceVersionRequired, "M12", or_pos(nm.pos, n.pos));
  // Generation cannot be decremented: unreachable, the server overwrites it first.
  if (nm.name.v != om.name.v)
    e.invalid("metadata.name", quote_str(nm.name.v), msg::kFieldImmutable, "M12", or_pos(nm.name.pos, nm.pos));
  if (nm.namespace_.v != om.namespace_.v)
    e.invalid("metadata.namespace", quote_str(nm.namespace_.v), msg::kFieldImmutable, "M12",
              or_pos(nm.namespace_.pos, nm.pos));
  if (nm.uid.v != om.uid.v)
    e.invalid("metadata.uid", quote_json(nm.uid.v), msg::kFieldImmutable, "M12", or_pos(nm.uid.pos, nm.pos));
  // creationTimestamp and deletionTimestamp are copied from the stored object
  // before validation (rest.BeforeUpdate) unless it has the zero time, so they
  // only differ when the stored one is zero. equality.Semantic compares
  // metav1.Time by a.UTC() == b.UTC() (instant and nanoseconds, not the text);
  // deletionTimestamp is a *metav1.Time, so nil (absent or null) differs from
  // a pointer to the zero time. The bad value is json.Marshal of the new
  // value: metav1.Time.MarshalJSON (UTC, whole seconds; zero time → null),
  // and a nil pointer → null.
  GoTime nc = go_time_of(nm.creation_timestamp.v), oc = go_time_of(om.creation_timestamp.v);
  if (nc != oc)
    e.invalid("metadata.creationTimestamp", go_metav1_time_json(nc), msg::kFieldImmutable, "M12",
              or_pos(nm.creation_timestamp.pos, nm.pos));
  bool nd_nil = nm.deletion_timestamp.v.empty(), od_nil = om.deletion_timestamp.v.empty();
  GoTime nd = go_time_of(nm.deletion_timestamp.v), od = go_time_of(om.deletion_timestamp.v);
  if (nd_nil != od_nil || nd != od)
    e.invalid("metadata.deletionTimestamp", go_metav1_time_json(nd), msg::kFieldImmutable, "M12",
              or_pos(nm.deletion_timestamp.pos, nm.pos));
  if (nm.deletion_grace_period_seconds.set != om.deletion_grace_period_seconds.set ||
      nm.deletion_grace_period_seconds.v != om.deletion_grace_period_seconds.v) {
    std::string value =
        nm.deletion_grace_period_seconds.set ? std::to_string(nm.deletion_grace_period_seconds.v) : std::string("null");
    e.invalid("metadata.deletionGracePeriodSeconds", value, msg::kFieldImmutable, "M12",
              or_pos(nm.deletion_grace_period_seconds.pos, nm.pos));
  }
  // ValidateObjectMetaAccessorUpdate checks the new labels, annotations and
  // owner references again (managedFields are not modeled). The server lists
  // such an error once per metadata pass of an update (spec §1.3.5): each is
  // a Status cause, while the report's findings keep it once.
  validate_labels_annotations_owners(n, e);
  if (core_finalizers) validate_kube_finalizer_names(n, e);
}

}  // namespace isc::detail
