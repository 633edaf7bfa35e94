// Spec and status rules: ValidateImageStreamWithWhitelister (M6, S1-S8, T2)
// and ValidateImageStreamStatusUpdateWithWhitelister (T3).
#include <map>
#include <string>

#include "grammar/reference.hh"
#include "grammar/whitelist.hh"
#include "rules/messages.hh"
#include "rules/rules.hh"

namespace isc::detail {

namespace {

bool repository_insecure(const ImageStream &is) {
  for (uint32_t i = 0; i < is.meta.annotations.kv.count; ++i) {
    const KV &kv = is.kvs[is.meta.annotations.kv.begin + i];
    if (kv.key.v == "openshift.io/image.insecureRepository") return kv.value.v == "true";
  }
  return false;
}

Transport transport_for(bool insecure) { return insecure ? Transport::Any : Transport::Secure; }

// spec.tags[<tag>]<field>, built only when a finding needs it.
std::string tag_path(std::string_view tag, std::string_view field) {
  std::string p = "spec.tags[";
  p.append(tag);
  p += ']';
  p.append(field);
  return p;
}

std::string item_path(std::string_view tag, uint32_t i) {
  std::string p = "status.tags[";
  p.append(tag);
  p += "].items[";
  p += std::to_string(i);
  p += "].dockerImageReference";
  return p;
}

uint32_t or_pos(uint32_t a, uint32_t b) { return a != kNoPos ? a : b; }

void validate_tag_reference(const Whitelister &wl, bool insecure_repository, const TagReference &t, Errors &e) {
  auto path = [&t](std::string_view field) { return tag_path(t.name.v, field); };
  if (t.has_from) {
    const ObjectRef &f = t.from;
    if (f.name.v.empty()) e.required(path(".from.name"), "", "S2", or_pos(f.name.pos, f.pos));
    if (f.kind.v == "DockerImage") {
      ImageRef ref;
      const char *err = parse_image_ref(f.name.v, ref);
      if (err && !f.name.v.empty()) {
        e.invalid(path(".from.name"), quote_str(f.name.v), err, "S4", or_pos(f.name.pos, f.pos));
      } else {
        if (err) ref = ImageRef{};  // an empty name is admitted as the zero reference
        std::string deny = wl.admit(ref, transport_for(t.import_policy.insecure || insecure_repository));
        if (!deny.empty()) e.forbidden(path(".from.name"), deny, "E1", or_pos(f.name.pos, f.pos));
      }
    } else if (f.kind.v == "ImageStreamImage" || f.kind.v == "ImageStreamTag") {
      if (t.import_policy.scheduled)
        e.invalid(path(".importPolicy.scheduled"), "true", msg::kScheduledOnlyDocker, "S5",
                  or_pos(t.import_policy.scheduled_pos, t.import_policy.pos));
    } else {
      e.required(path(".from.kind"), msg::kFromKindValues, "S3", or_pos(f.kind.pos, f.pos));
    }
  }
  std::string_view rp = t.reference_policy_type.v;
  if (rp != "Source" && rp != "Local") {
    e.invalid(path(".referencePolicy.type"), quote_json(rp), msg::kReferencePolicyValues, "S6",
              or_pos(t.reference_policy_type.pos, or_pos(t.reference_policy_pos, t.pos)));
  }
  std::string_view im = t.import_policy.import_mode.v;
  if (!im.empty() && im != "Legacy" && im != "PreserveOriginal") {
    e.invalid(path(".importPolicy.importMode"), quote_json(im), msg::kImportModeValues, "S7",
              or_pos(t.import_policy.import_mode.pos, or_pos(t.import_policy.pos, t.pos)));
  }
}

}  // namespace

void validate_image_stream(const ImageStream &is, const Whitelister &wl, Errors &e) {
  validate_object_meta(is, NameRule::ImageStream, true, e);
  if (is.meta.namespace_.v.size() + 1 + is.meta.name.v.size() > 255) {
    e.invalid("metadata.name", quote_str(is.meta.name.v), msg::kNamespaceNameTooLong, "M6",
              or_pos(is.meta.name.pos, is.meta.pos));
  }
  bool insecure_repository = repository_insecure(is);
  const Str &dir = is.spec.docker_image_repository;
  if (!dir.v.empty()) {
    static constexpr char kPath[] = "spec.dockerImageRepository";
    ImageRef ref;
    const char *err = parse_image_ref(dir.v, ref);
    bool valid = true;
    if (err) {
      e.invalid(kPath, quote_str(dir.v), err, "S1", dir.pos);
      valid = false;
    } else {
      if (!ref.tag.empty()) {
        e.invalid(kPath, quote_str(dir.v), msg::kRepositoryMayNotContainTag, "S1", dir.pos);
        valid = false;
      }
      if (!ref.id.empty()) {
        e.invalid(kPath, quote_str(dir.v), msg::kRepositoryMayNotContainId, "S1", dir.pos);
        valid = false;
      }
    }
    if (valid) {
      std::string deny = wl.admit(ref, transport_for(insecure_repository));
      if (!deny.empty()) e.forbidden(kPath, deny, "E1", dir.pos);
    }
  }
  for (const TagReference *t = is.tag_begin(); t != is.tag_end(); ++t) validate_tag_reference(wl, insecure_repository, *t, e);
  for (const TagEventList *l = is.list_begin(); l != is.list_end(); ++l) {
    for (uint32_t i = 0; i < l->items.count; ++i) {
      const TagEvent &ev = is.events[l->items.begin + i];
      uint32_t pos = or_pos(ev.docker_image_reference.pos, or_pos(ev.pos, l->pos));
      if (ev.docker_image_reference.v.empty()) {
        e.required(item_path(l->tag.v, i), "", "T2", pos);
        continue;
      }
      ImageRef ref;
      if (const char *err = parse_image_ref(ev.docker_image_reference.v, ref)) {
        e.invalid(item_path(l->tag.v, i), quote_str(ev.docker_image_reference.v), err, "T2", pos);
        continue;
      }
      bool insecure = false;
      if (const TagReference *t = is.find_tag(l->tag.v)) insecure = t->import_policy.insecure;
      std::string deny = wl.admit(ref, transport_for(insecure || insecure_repository));
      if (!deny.empty()) e.forbidden(item_path(l->tag.v, i), deny, "E1", pos);
    }
  }
}

void validate_status_update(const ImageStream &n, const ImageStream &o, const Whitelister &wl, Errors &e) {
  validate_object_meta_update(n, o, true, e);
  bool insecure_repository = repository_insecure(n);
  // References of the stored status are allowed to stay, whatever they are.
  std::map<std::string_view, bool> old_refs;
  for (const TagEventList *l = o.list_begin(); l != o.list_end(); ++l) {
    for (uint32_t i = 0; i < l->items.count; ++i) old_refs[o.events[l->items.begin + i].docker_image_reference.v] = true;
  }
  struct Loc {
    std::string path;
    bool insecure;
    uint32_t pos;
  };
  std::map<std::string_view, std::vector<Loc>> new_refs;
  for (const TagEventList *l = n.list_begin(); l != n.list_end(); ++l) {
    bool tag_insecure = false;
    if (const TagReference *t = n.find_tag(l->tag.v)) tag_insecure = t->import_policy.insecure;
    for (uint32_t i = 0; i < l->items.count; ++i) {
      const TagEvent &ev = n.events[l->items.begin + i];
      new_refs[ev.docker_image_reference.v].push_back(
          Loc{item_path(l->tag.v, i), insecure_repository || tag_insecure,
              or_pos(ev.docker_image_reference.pos, or_pos(ev.pos, l->pos))});
    }
  }
  for (const auto &[ref_string, locs] : new_refs) {
    if (old_refs.count(ref_string)) continue;
    ImageRef ref;
    if (const char *err = parse_image_ref(ref_string, ref)) {
      for (const auto &loc : locs) e.invalid(loc.path, quote_str(ref_string), err, "T3", loc.pos);
      continue;
    }
    bool insecure = insecure_repository;
    for (const auto &loc : locs) insecure = insecure || loc.insecure;
    std::string deny = wl.admit(ref, transport_for(insecure));
    if (!deny.empty()) {
      for (const auto &loc : locs) e.forbidden(loc.path, deny, "E1", loc.pos);
    }
  }
}

}  // namespace isc::detail
