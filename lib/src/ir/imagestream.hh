// The typed representation the semantic rules, normalization and the
// persisted-object writer work on. Any decoder (fast or reference engine,
// JSON or YAML) produces it.
//
// Collections are ranges into per-object pools so that a reused object keeps
// its capacity and steady-state validation does not allocate. Strings are
// views into the Doc (source or arena) or into `arena` for computed values.
// Every field remembers the position token of its value (0 = unknown), so a
// finding can point at the offending bytes.
#ifndef ISC_IR_IMAGESTREAM_HH
#define ISC_IR_IMAGESTREAM_HH

#include <cstdint>      // int64_t, uint32_t
#include <string_view>  // string_view
#include <vector>       // vector

#include "json/doc.hh"

namespace isc::detail {

inline constexpr uint32_t kNoPos = 0xFFFFFFFFu;

struct Str {
  std::string_view v;
  uint32_t pos = kNoPos;  // position token of the value, kNoPos when absent
  [[nodiscard]] bool empty() const { return v.empty(); }
};

struct OptInt {
  bool set = false;  // false = nil (pointer fields) / absent
  int64_t v = 0;
  uint32_t pos = kNoPos;
};

struct Range {
  uint32_t begin = 0;
  uint32_t count = 0;
};

struct KV {
  Str key;
  Str value;
};

// map[string]string: null (nil) is distinct from {} for the persisted object.
struct StrMap {
  bool present = false;  // false = nil
  Range kv;              // into ImageStream::kvs, keys unique, in first-seen order
  uint32_t pos = kNoPos;
};

struct OwnerRef {
  Str api_version, kind, name, uid;
  int8_t controller = -1;  // -1 nil, 0 false, 1 true
  int8_t block_owner_deletion = -1;
  uint32_t pos = kNoPos;
};

struct Meta {
  Str name, generate_name, namespace_, self_link, uid, resource_version;
  OptInt generation;
  Str creation_timestamp;  // text as sent; empty = null
  Str deletion_timestamp;  // empty = nil
  OptInt deletion_grace_period_seconds;
  StrMap labels, annotations;
  Range owner_refs;  // into ImageStream::owner_refs
  bool owner_refs_present = false;
  Range finalizers;  // into ImageStream::strs
  bool finalizers_present = false;
  uint32_t managed_fields = 0;  // Doc node of the managedFields array (0 = none), copied through
  uint32_t pos = kNoPos;        // the metadata object
};

struct ObjectRef {
  Str kind, namespace_, name, uid, api_version, resource_version, field_path;
  uint32_t pos = kNoPos;
};

struct TagImportPolicy {
  bool insecure = false;
  bool scheduled = false;
  Str import_mode;
  uint32_t insecure_pos = kNoPos, scheduled_pos = kNoPos;
  uint32_t pos = kNoPos;
};

struct TagReference {
  Str name;
  StrMap annotations;
  bool has_from = false;
  ObjectRef from;
  bool reference = false;
  uint32_t reference_pos = kNoPos;
  OptInt generation;
  TagImportPolicy import_policy;
  Str reference_policy_type;
  uint32_t reference_policy_pos = kNoPos;
  uint32_t pos = kNoPos;  // the tag object
};

struct TagEvent {
  Str created;  // empty = null
  Str docker_image_reference;
  Str image;
  int64_t generation = 0;
  uint32_t pos = kNoPos;
};

struct TagEventCondition {
  Str type, status, last_transition_time, reason, message;
  int64_t generation = 0;
  uint32_t pos = kNoPos;
};

struct TagEventList {
  Str tag;
  Range items;  // into ImageStream::events
  bool items_present = false;
  Range conditions;  // into ImageStream::conditions
  uint32_t pos = kNoPos;
};

struct Spec {
  bool lookup_local = false;
  uint32_t lookup_policy_pos = kNoPos;
  Str docker_image_repository;
  Range tags;  // into ImageStream::tags; after to_internal(): sorted by name, unique
  uint32_t pos = kNoPos;
};

struct Status {
  Str docker_image_repository, public_docker_image_repository;
  Range tags;  // into ImageStream::tag_lists; after to_internal(): sorted by tag, unique
  uint32_t pos = kNoPos;
};

struct ImageStream {
  Str api_version, kind;
  Meta meta;
  Spec spec;
  Status status;
  uint32_t pos = kNoPos;

  // Pools.
  std::vector<KV> kvs;
  std::vector<OwnerRef> owner_refs;
  std::vector<Str> strs;
  std::vector<TagReference> tags;
  std::vector<TagEventList> tag_lists;
  std::vector<TagEvent> events;
  std::vector<TagEventCondition> conditions;
  // Computed strings (status repositories, generated names).
  Arena arena;
  // The Doc the views point into (for managedFields and positions).
  const Doc *doc = nullptr;

  void clear();

  // Accessors over ranges.
  TagReference *tag_begin() { return tags.data() + spec.tags.begin; }
  TagReference *tag_end() { return tags.data() + spec.tags.begin + spec.tags.count; }
  const TagReference *tag_begin() const { return tags.data() + spec.tags.begin; }
  const TagReference *tag_end() const { return tags.data() + spec.tags.begin + spec.tags.count; }
  TagEventList *list_begin() { return tag_lists.data() + status.tags.begin; }
  TagEventList *list_end() { return tag_lists.data() + status.tags.begin + status.tags.count; }
  const TagEventList *list_begin() const { return tag_lists.data() + status.tags.begin; }
  const TagEventList *list_end() const { return tag_lists.data() + status.tags.begin + status.tags.count; }

  const TagReference *find_tag(std::string_view name) const;
  TagReference *find_tag(std::string_view name);
  const TagEventList *find_list(std::string_view tag) const;
  TagEventList *find_list(std::string_view tag);

  // Converts spec.tags and status.tags to the server's internal maps: sorted
  // by key, the last entry of a duplicated key wins.
  void to_internal();

  // Appends event to status tag `tag` (creating the list), as the server's
  // AddTagEventToImageStream: no-op when the latest event has the same
  // reference and image. Returns true when something changed.
  bool add_tag_event(std::string_view tag, const TagEvent &ev);

  std::string_view intern(std::string_view s) { return {arena.copy(s), s.size()}; }
};

}  // namespace isc::detail

#endif  // ISC_IR_IMAGESTREAM_HH
