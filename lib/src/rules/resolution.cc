// Tag verification and resolution (S9) with the status events it creates
// (N8): strategy.go validateTagsAndLimits, TagVerifier.Verify, tagsChanged,
// tagReferenceToTagEvent, updateChangedTrackingTags.
#include <algorithm>  // sort
#include <string>
#include <vector>

#include "grammar/names.hh"
#include "grammar/reference.hh"
#include "rules/messages.hh"
#include "rules/rules.hh"

namespace isc::detail {

namespace {

uint32_t or_pos(uint32_t a, uint32_t b) { return a != kNoPos ? a : b; }

std::string from_path(std::string_view tag) {
  std::string p = "spec.tags[";
  p.append(tag);
  p += "].from";
  return p;
}

// parseFromReference: <tag>|<stream>:<tag> for ImageStreamTag,
// <id>|<stream>@<id> for ImageStreamImage. False for other kinds and for
// names that split into more than two parts.
bool parse_from_reference(const ImageStream &is, const ObjectRef &from, std::string_view &stream,
                          std::string_view &tag_or_id) {
  char sep;
  if (from.kind.v == "ImageStreamTag") sep = ':';
  else if (from.kind.v == "ImageStreamImage") sep = '@';
  else return false;
  std::string_view n = from.name.v;
  size_t p = n.find(sep);
  if (p == std::string_view::npos) {
    stream = is.meta.name.v;
    tag_or_id = n;
    return true;
  }
  if (n.find(sep, p + 1) != std::string_view::npos) return false;
  stream = n.substr(0, p);
  tag_or_id = n.substr(p + 1);
  return true;
}

// DigestOrImageMatch (library-go imageutil): when the image name is a valid
// digest, the id may prefix its hex part or the whole name.
bool digest_or_image_match(std::string_view image, std::string_view id) {
  auto starts = [](std::string_view s, std::string_view pre) { return s.substr(0, pre.size()) == pre; };
  size_t colon = image.find(':');
  if (colon != std::string_view::npos) {
    std::string_view alg = image.substr(0, colon), hex = image.substr(colon + 1);
    size_t want = alg == "sha256" ? 64 : alg == "sha384" ? 96 : alg == "sha512" ? 128 : 0;
    bool ok = want != 0 && hex.size() == want;
    for (char c : hex) ok = ok && ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
    if (ok) return starts(hex, id) || starts(image, id);
  }
  return starts(image, id);
}

bool tag_ref_generation_changed(const TagReference &old, const TagReference &next) {
  if (old.generation.set && next.generation.set) {
    if (old.generation.v == next.generation.v) return false;
    return next.generation.v == 0;
  }
  return false;
}

class Resolution {
 public:
  Resolution(const Resolver &r, const ImageStream *old, ImageStream &is, std::vector<FieldError> &inner, Errors &warn)
      : r_(r), old_(old), is_(is), inner_(inner), warn_(warn) {}

  void run() {
    verify();
    // Iterate over a snapshot of the spec tags' index range: events are
    // added to the status as we go (indexes stay valid; the range is taken
    // once).
    const uint32_t first = is_.spec.tags.begin, count = is_.spec.tags.count;
    for (uint32_t i = 0; i < count; ++i) changed_tag(first + i);
    if (!old_) update_tracking_tags();
  }

 private:
  bool unchanged(const TagReference &t) const {
    if (!old_) return false;
    const TagReference *o = old_->find_tag(t.name.v);
    return o && !tag_ref_changed(*o, t, is_.meta.namespace_.v);
  }

  void form_error(const TagReference &t) {
    inner_.push_back(make_invalid(from_path(t.name.v) + ".name", quote_str(t.from.name.v), msg::kFromNameForm,
                                  or_pos(t.from.name.pos, t.from.pos)));
  }

  // TagVerifier.Verify: cross-namespace sources must be ImageStreamTag or
  // ImageStreamImage references of the right form. The access review (E2)
  // is assumed to allow: isconform has no user identity to check.
  void verify() {
    for (const TagReference *t = is_.tag_begin(); t != is_.tag_end(); ++t) {
      if (!t->has_from || t->from.namespace_.v.empty()) continue;
      if (t->from.namespace_.v == is_.meta.namespace_.v) continue;
      if (unchanged(*t)) continue;
      std::string_view stream, id;
      if (!parse_from_reference(is_, t->from, stream, id)) form_error(*t);
    }
  }

  void changed_tag(uint32_t idx) {
    TagReference t = is_.tags[idx];
    if (unchanged(t) || !t.has_from) return;
    int64_t generation = is_.meta.generation.v;
    if (t.from.kind.v == "DockerImage" && !t.from.name.v.empty()) {
      if (t.reference) {
        TagEvent ev;
        ev.docker_image_reference.v = t.from.name.v;
        ev.docker_image_reference.pos = t.from.name.pos;
        ev.generation = generation;
        ev.pos = t.pos;
        is_.add_tag_event(t.name.v, ev);
      }
      return;
    }
    std::string_view stream_name, tag_or_id;
    if (!parse_from_reference(is_, t.from, stream_name, tag_or_id)) {
      form_error(t);
      return;
    }
    // spec.tags[<tag>].from.name, built only when a finding needs it.
    const auto name_field = [&t] { return from_path(t.name.v) + ".name"; };
    uint32_t name_pos = or_pos(t.from.name.pos, t.from.pos);
    std::string_view ref_ns = t.from.namespace_.v.empty() ? is_.meta.namespace_.v : t.from.namespace_.v;
    const ImageStream *target = &is_;
    bool offline_known = false;  // open world: a stream defined in another checked file
    if (ref_ns != is_.meta.namespace_.v || stream_name != is_.meta.name.v) {
      // The stream store's key function rejects some lookups before storage.
      std::string lookup_error;
      if (ref_ns.empty()) {
        lookup_error = msg::kNamespaceParameterRequired;
      } else if (stream_name.empty()) {
        lookup_error = msg::kNameParameterRequired;
      } else {
        Msgs m;
        path_segment_name(stream_name, false, m);
        if (!m.empty()) {
          lookup_error = msg::kNameParameterInvalid + quote_str(stream_name) + ": ";
          for (size_t i = 0; i < m.n; ++i) {
            if (i) lookup_error += ";";
            lookup_error += m.m[i];
          }
        }
      }
      if (!lookup_error.empty()) {
        inner_.push_back(make_invalid(name_field(), quote_str(t.from.name.v),
                                      std::string(msg::kUnableToRetrieveStream) + lookup_error, name_pos));
        return;
      }
      target = r_.v.opts.env->find(ref_ns, stream_name);
      if (!target) {
        if (r_.open_world) {
          offline_known = r_.v.known_stream(ref_ns, stream_name);
          if (!offline_known) {
            const std::string field = name_field();
            warn_.warning(field,
                          field + ": image stream \"" + std::string(ref_ns) + "/" + std::string(stream_name) +
                              "\" is neither in the environment nor among the checked files: it cannot be resolved "
                              "offline (the server answers Not found if it does not exist)",
                          "W6", name_pos);
            return;
          }
        } else {
          inner_.push_back(make_not_found(name_field(), quote_str(t.from.name.v), name_pos));
          return;
        }
      }
    }
    TagEvent ev;
    bool have = false;
    uint32_t source_event = UINT32_MAX;
    if (t.from.kind.v == "ImageStreamTag") {
      if (target) {
        std::string_view tag = tag_or_id.empty() ? std::string_view("latest") : tag_or_id;
        if (const TagEventList *l = target->find_list(tag)) {
          if (l->items.count) {
            ev = target->events[l->items.begin];
            have = true;
            if (target == &is_) source_event = l->items.begin;
          }
        }
      }
    } else {  // ImageStreamImage
      if (offline_known) {
        const std::string field = name_field();
        warn_.warning(field,
                      field + ": image stream \"" + std::string(ref_ns) + "/" + std::string(stream_name) +
                          "\" is defined in a checked file but its images are only known to the server: the image "
                          "cannot be resolved offline",
                      "W6", name_pos);
        return;
      }
      std::vector<std::string_view> images;
      const TagEvent *match = nullptr;
      for (const TagEventList *l = target->list_begin(); l != target->list_end(); ++l) {
        for (uint32_t i = 0; i < l->items.count; ++i) {
          const TagEvent &cand = target->events[l->items.begin + i];
          if (digest_or_image_match(cand.image.v, tag_or_id)) {
            match = &cand;
            bool seen = false;
            for (auto s : images) seen = seen || s == cand.image.v;
            if (!seen) images.push_back(cand.image.v);
          }
        }
      }
      if (images.empty()) {
        inner_.push_back(make_invalid(name_field(), quote_str(t.from.name.v),
                                      std::string(msg::kErrorGeneratingTagEvent) +
                                          "imagestreamimage.image.openshift.io " + quote_str(tag_or_id) + " not found",
                                      name_pos));
        return;
      }
      if (images.size() > 1) {
        std::sort(images.begin(), images.end());
        std::string list;
        for (size_t i = 0; i < images.size(); ++i) {
          if (i) list += ", ";
          list.append(images[i]);
        }
        inner_.push_back(make_invalid(
            name_field(), quote_str(t.from.name.v),
            std::string(msg::kErrorGeneratingTagEvent) +
                "Operation cannot be fulfilled on imagestreamimage.image.openshift.io " + quote_str(tag_or_id) +
                ": multiple images match the prefix " + quote_str(tag_or_id) + ": " + list,
            name_pos));
        return;
      }
      ev = TagEvent{};
      ev.docker_image_reference = match->docker_image_reference;
      ev.image = match->image;
      have = true;
    }
    if (!have) return;  // the referenced tag has no image yet: nothing to record
    if (t.generation.set) {
      ev.generation = t.generation.v;
      // LatestTaggedImage hands out the source item itself: setting the
      // generation on the copy also sets it on the source (spec §8.9).
      if (source_event != UINT32_MAX) is_.events[source_event].generation = t.generation.v;
    }
    ev.pos = t.pos;
    if (!t.reference && !r_.v.opts.env->internal_registry.empty()) {
      // Events pointing into the internal registry path of the source
      // stream are rewritten to this stream.
      ImageRef ref;
      if (!parse_image_ref(ev.docker_image_reference.v, ref) && ref.registry == r_.v.opts.env->internal_registry &&
          target && ref.namespace_ == target->meta.namespace_.v && ref.name == target->meta.name.v) {
        ref.namespace_ = is_.meta.namespace_.v;
        ref.name = is_.meta.name.v;
        ev.docker_image_reference.v = is_.intern(image_ref_exact(ref));
      }
    }
    is_.add_tag_event(t.name.v, ev);
  }

  // UpdateTrackingTags for every status tag with items (create only, D9).
  void update_tracking_tags() {
    std::vector<std::string_view> tags;
    for (const TagEventList *l = is_.list_begin(); l != is_.list_end(); ++l) {
      if (l->items.count || l->conditions.count) tags.push_back(l->tag.v);
    }
    for (std::string_view updated : tags) {
      const TagEventList *l = is_.find_list(updated);
      if (!l || l->items.count == 0) continue;
      TagEvent latest = is_.events[l->items.begin];
      for (uint32_t i = 0; i < is_.spec.tags.count; ++i) {
        const TagReference &t = is_.tags[is_.spec.tags.begin + i];
        if (!t.has_from || t.from.kind.v != "ImageStreamTag") continue;
        std::string_view ns = t.from.namespace_.v.empty() ? is_.meta.namespace_.v : t.from.namespace_.v;
        if (ns != is_.meta.namespace_.v) continue;
        std::string_view stream = is_.meta.name.v, tag = t.from.name.v;
        size_t p = tag.find(':');
        if (p != std::string_view::npos) {
          stream = tag.substr(0, p);
          tag = tag.substr(p + 1);
          if (tag.empty()) tag = "latest";
        }
        if (stream != is_.meta.name.v || tag != updated) continue;
        is_.add_tag_event(t.name.v, latest);
      }
    }
  }

  const Resolver &r_;
  const ImageStream *old_;
  ImageStream &is_;
  std::vector<FieldError> &inner_;
  Errors &warn_;
};

}  // namespace

bool tag_ref_changed(const TagReference &old, const TagReference &next, std::string_view stream_namespace) {
  if (!next.has_from) return false;
  if (next.from.kind.v.empty() && next.from.name.v.empty()) return false;
  ObjectRef empty;
  const ObjectRef &of = old.has_from ? old.from : empty;
  std::string_view old_ns = of.namespace_.v.empty() ? stream_namespace : of.namespace_.v;
  std::string_view next_ns = next.from.namespace_.v.empty() ? stream_namespace : next.from.namespace_.v;
  if (old_ns != next_ns) return true;
  if (of.name.v != next.from.name.v) return true;
  if (old.reference != next.reference) return true;
  if (old.import_policy.import_mode.v != next.import_policy.import_mode.v) return true;
  return tag_ref_generation_changed(old, next);
}

void resolve_tags(const Resolver &r, const ImageStream *old, ImageStream &is, std::vector<FieldError> &inner,
                  Errors &warnings) {
  Resolution res(r, old, is, inner, warnings);
  res.run();
}

}  // namespace isc::detail
