#include "ir/imagestream.hh"

#include <algorithm>  // stable_sort, lower_bound
#include <numeric>    // iota

namespace isc::detail {

void ImageStream::clear() {
  api_version = {};
  kind = {};
  meta = Meta{};
  spec = Spec{};
  status = Status{};
  pos = kNoPos;
  kvs.clear();
  owner_refs.clear();
  strs.clear();
  tags.clear();
  tag_lists.clear();
  events.clear();
  conditions.clear();
  arena.reset();
  doc = nullptr;
}

namespace {
template <typename T, typename Key>
T *find_sorted(T *b, T *e, std::string_view key, Key k) {
  T *it = std::lower_bound(b, e, key, [&](const T &x, std::string_view kk) { return k(x) < kk; });
  if (it != e && k(*it) == key) return it;
  return nullptr;
}
}  // namespace

const TagReference *ImageStream::find_tag(std::string_view name) const {
  return find_sorted(tag_begin(), tag_end(), name, [](const TagReference &t) { return t.name.v; });
}
TagReference *ImageStream::find_tag(std::string_view name) {
  return find_sorted(tag_begin(), tag_end(), name, [](const TagReference &t) { return t.name.v; });
}
const TagEventList *ImageStream::find_list(std::string_view tag) const {
  return find_sorted(list_begin(), list_end(), tag, [](const TagEventList &t) { return t.tag.v; });
}
TagEventList *ImageStream::find_list(std::string_view tag) {
  return find_sorted(list_begin(), list_end(), tag, [](const TagEventList &t) { return t.tag.v; });
}

namespace {
// Sorts [begin, begin+count) of v by key and keeps the last of equal keys
// (the API server's list-to-map conversion). Returns the new count.
template <typename T, typename Key>
uint32_t sort_unique_last(std::vector<T> &v, uint32_t begin, uint32_t count, Key key) {
  // Usually the list is already in order without repeats: nothing to move.
  bool ordered = true;
  for (uint32_t i = 1; i < count && ordered; ++i) ordered = key(v[begin + i - 1]) < key(v[begin + i]);
  if (ordered) return count;
  // Sort indexes, not the (large) elements, then move each element once by
  // following the permutation's cycles: new[i] = old[idx[i]].
  // Short lists (nearly all) sort on the stack by insertion, which is
  // stable, so a validation allocates nothing here.
  constexpr uint32_t kOnStack = 32;
  uint32_t on_stack[kOnStack];
  std::vector<uint32_t> on_heap;
  uint32_t *idx = on_stack;
  if (count > kOnStack) {
    on_heap.resize(count);
    idx = on_heap.data();
  }
  std::iota(idx, idx + count, 0u);
  const auto less = [&](uint32_t x, uint32_t y) { return key(v[begin + x]) < key(v[begin + y]); };
  if (count <= kOnStack) {
    for (uint32_t i = 1; i < count; ++i) {
      const uint32_t x = idx[i];
      uint32_t j = i;
      for (; j > 0 && less(x, idx[j - 1]); --j) idx[j] = idx[j - 1];
      idx[j] = x;
    }
  } else {
    std::stable_sort(idx, idx + count, less);
  }
  for (uint32_t i = 0; i < count; ++i) {
    if (idx[i] == i) continue;
    T held = std::move(v[begin + i]);
    uint32_t j = i;
    for (;;) {
      const uint32_t k = idx[j];
      idx[j] = j;
      if (k == i) {
        v[begin + j] = std::move(held);
        break;
      }
      v[begin + j] = std::move(v[begin + k]);
      j = k;
    }
  }
  // Within a run of equal keys, stable order keeps list order: keep the last.
  uint32_t out = 0;
  for (uint32_t i = 0; i < count; ++i) {
    bool last_of_run = i + 1 == count || key(v[begin + i]) != key(v[begin + i + 1]);
    if (last_of_run) {
      if (out != i) v[begin + out] = v[begin + i];
      ++out;
    }
  }
  return out;
}
}  // namespace

void ImageStream::to_internal() {
  spec.tags.count = sort_unique_last(tags, spec.tags.begin, spec.tags.count, [](const TagReference &t) { return t.name.v; });
  status.tags.count =
      sort_unique_last(tag_lists, status.tags.begin, status.tags.count, [](const TagEventList &t) { return t.tag.v; });
}

bool ImageStream::add_tag_event(std::string_view tag, const TagEvent &next) {
  TagEventList *list = find_list(tag);
  if (!list) {
    // Insert a new list keeping the range sorted: rebuild the range at the end of the pool.
    uint32_t begin = static_cast<uint32_t>(tag_lists.size());
    bool inserted = false;
    for (uint32_t i = 0; i < status.tags.count; ++i) {
      TagEventList cur = tag_lists[status.tags.begin + i];
      if (!inserted && tag < cur.tag.v) {
        TagEventList nl;
        nl.tag.v = tag;
        tag_lists.push_back(nl);
        inserted = true;
      }
      tag_lists.push_back(cur);
    }
    if (!inserted) {
      TagEventList nl;
      nl.tag.v = tag;
      tag_lists.push_back(nl);
    }
    status.tags.begin = begin;
    status.tags.count += 1;
    list = find_list(tag);
  }
  if (list->items.count == 0) {
    list->items.begin = static_cast<uint32_t>(events.size());
    list->items.count = 1;
    list->items_present = true;
    list->conditions = {};
    events.push_back(next);
    return true;
  }
  TagEvent &prev = events[list->items.begin];
  bool same_ref = prev.docker_image_reference.v == next.docker_image_reference.v;
  bool same_image = prev.image.v == next.image.v;
  bool same_gen = prev.generation == next.generation;
  if (same_ref && same_image && same_gen) return false;
  if (same_ref && same_image) {
    // collapse
  } else if (same_ref) {
    prev.image = next.image;
  } else if (same_image) {
    prev.docker_image_reference = next.docker_image_reference;
  } else {
    // Prepend: copy the range to the end of the pool with the new event first.
    uint32_t begin = static_cast<uint32_t>(events.size());
    Range old = list->items;
    events.push_back(next);
    for (uint32_t i = 0; i < old.count; ++i) events.push_back(events[old.begin + i]);
    list->items.begin = begin;
    list->items.count = old.count + 1;
    list->conditions = {};
    return true;
  }
  events[list->items.begin].generation = next.generation;
  list->conditions = {};
  return true;
}

}  // namespace isc::detail
