// Builds the ImageStream IR from a structurally valid Doc.
//
// Mirrors encoding/json's decoding into an existing value, so that a JSON
// key given twice behaves as on the API server: scalars take the last value,
// objects merge, arrays are decoded element by element over the existing
// elements and then cut to the later length, and null clears pointers, maps
// and slices but leaves scalars and structs alone. YAML documents carry no
// duplicates here: the loader marks superseded keys and the last one wins.
#include "decode/build.hh"

#include <cstdint>  // uint64_t

namespace isc::detail {

namespace {

class Builder {
 public:
  Builder(const Doc &d, ImageStream &is) : d_(d), is_(is) {}

  void stream(uint32_t node) {
    is_.pos = d_.nodes[node].pos;
    for_members(node, [&](std::string_view k, uint32_t v) {
      if (k == "apiVersion") str(v, is_.api_version);
      else if (k == "kind") str(v, is_.kind);
      else if (k == "metadata") meta(v);
      else if (k == "spec") spec(v);
      else if (k == "status") status(v);
    });
  }

 private:
  template <typename F>
  void for_members(uint32_t obj, F &&f) {
    const Node &o = d_.nodes[obj];
    if (o.type != NodeType::Object) return;
    for (auto it = members(d_, obj); !it.done(); it.advance()) {
      if (d_.yaml && (d_.nodes[it.key].flags & kKeySuperseded)) continue;
      f(d_.nodes[it.key].text(), it.value());
    }
  }

  bool is_null(uint32_t v) const { return d_.nodes[v].type == NodeType::Null; }

  void str(uint32_t v, Str &out) {
    const Node &n = d_.nodes[v];
    if (n.type != NodeType::String) return;  // null leaves the value
    out.v = n.text();
    out.pos = n.pos;
  }
  void boolean(uint32_t v, bool &out, uint32_t *pos = nullptr) {
    const Node &n = d_.nodes[v];
    if (n.type == NodeType::True) out = true;
    else if (n.type == NodeType::False) out = false;
    else return;
    if (pos) *pos = n.pos;
  }
  void int64(uint32_t v, int64_t &out, uint32_t *pos = nullptr) {
    const Node &n = d_.nodes[v];
    if (n.type != NodeType::Number) return;
    // The structural pass guaranteed an int64 literal.
    std::string_view t = n.text();
    bool neg = !t.empty() && t[0] == '-';
    uint64_t u = 0;
    for (size_t i = neg ? 1 : 0; i < t.size(); ++i) u = u * 10 + static_cast<uint64_t>(t[i] - '0');
    out = neg ? static_cast<int64_t>(0 - u) : static_cast<int64_t>(u);
    if (pos) *pos = n.pos;
  }
  void optint(uint32_t v, OptInt &out) {
    const Node &n = d_.nodes[v];
    if (n.type == NodeType::Null) {  // null clears a pointer
      out.set = false;
      out.pos = n.pos;
      return;
    }
    if (n.type != NodeType::Number) return;
    out.set = true;
    int64(v, out.v, &out.pos);
  }
  void time(uint32_t v, Str &out) {
    const Node &n = d_.nodes[v];
    if (n.type == NodeType::Null) {  // metav1.Time: null is the zero time
      out = Str{};
      out.pos = n.pos;
      return;
    }
    str(v, out);
  }

  // map[string]string: decoding into an existing map adds and replaces keys.
  void strmap(uint32_t v, StrMap &m) {
    const Node &n = d_.nodes[v];
    if (n.type == NodeType::Null) {
      m.present = false;
      m.kv = {};
      m.pos = n.pos;
      return;
    }
    if (n.type != NodeType::Object) return;
    m.pos = n.pos;
    // Copy the existing range to the end of the pool, then add/replace.
    uint32_t begin = static_cast<uint32_t>(is_.kvs.size());
    // key_class_bit of the keys so far: the scan for an earlier equal key
    // only runs on a class collision.
    uint64_t seen = 0;
    if (m.present) {
      for (uint32_t i = 0; i < m.kv.count; ++i) {
        KV kv = is_.kvs[m.kv.begin + i];
        is_.kvs.push_back(kv);
        seen |= key_class_bit(kv.key.v);
      }
    }
    uint32_t count = m.present ? m.kv.count : 0;
    for_members(v, [&](std::string_view k, uint32_t val) {
      const Node &vn = d_.nodes[val];
      Str value;
      value.pos = vn.pos;
      if (vn.type == NodeType::String) value.v = vn.text();
      // A null map value stores the zero value "".
      const uint64_t bit = key_class_bit(k);
      if (seen & bit) {
        for (uint32_t i = 0; i < count; ++i) {
          if (is_.kvs[begin + i].key.v == k) {
            is_.kvs[begin + i].value = value;
            return;
          }
        }
      }
      seen |= bit;
      KV kv;
      kv.key.v = k;
      kv.key.pos = d_.nodes[val - 1].pos;
      kv.value = value;
      is_.kvs.push_back(kv);
      ++count;
    });
    m.present = true;
    m.kv = Range{begin, count};
  }

  void meta(uint32_t v) {
    const Node &n = d_.nodes[v];
    if (n.type != NodeType::Object) return;
    Meta &m = is_.meta;
    m.pos = n.pos;
    for_members(v, [&](std::string_view k, uint32_t val) {
      if (k == "name") str(val, m.name);
      else if (k == "generateName") str(val, m.generate_name);
      else if (k == "namespace") str(val, m.namespace_);
      else if (k == "selfLink") str(val, m.self_link);
      else if (k == "uid") str(val, m.uid);
      else if (k == "resourceVersion") str(val, m.resource_version);
      else if (k == "generation") {
        if (!is_null(val)) {
          m.generation.set = true;
          int64(val, m.generation.v, &m.generation.pos);
        }
      } else if (k == "creationTimestamp") time(val, m.creation_timestamp);
      else if (k == "deletionTimestamp") time(val, m.deletion_timestamp);
      else if (k == "deletionGracePeriodSeconds") optint(val, m.deletion_grace_period_seconds);
      else if (k == "labels") strmap(val, m.labels);
      else if (k == "annotations") strmap(val, m.annotations);
      else if (k == "ownerReferences") owner_refs(val);
      else if (k == "finalizers") finalizers(val);
      else if (k == "managedFields") m.managed_fields = is_null(val) ? 0 : val;
    });
  }

  void owner_ref(uint32_t v, OwnerRef &o) {
    const Node &n = d_.nodes[v];
    if (n.type != NodeType::Object) return;
    o.pos = n.pos;
    for_members(v, [&](std::string_view k, uint32_t val) {
      const Node &vn = d_.nodes[val];
      if (k == "apiVersion") str(val, o.api_version);
      else if (k == "kind") str(val, o.kind);
      else if (k == "name") str(val, o.name);
      else if (k == "uid") str(val, o.uid);
      else if (k == "controller") o.controller = vn.type == NodeType::Null ? -1 : vn.type == NodeType::True ? 1 : vn.type == NodeType::False ? 0 : o.controller;
      else if (k == "blockOwnerDeletion") o.block_owner_deletion = vn.type == NodeType::Null ? -1 : vn.type == NodeType::True ? 1 : vn.type == NodeType::False ? 0 : o.block_owner_deletion;
    });
  }

  // Generic slice decoding over an existing range of a pool.
  template <typename T, typename F>
  void slice(uint32_t v, std::vector<T> &pool, Range &r, bool &present, F &&decode_elem) {
    const Node &n = d_.nodes[v];
    if (n.type == NodeType::Null) {
      present = false;
      r = {};
      return;
    }
    if (n.type != NodeType::Array) return;
    uint32_t begin = static_cast<uint32_t>(pool.size());
    uint32_t old_count = present ? r.count : 0;
    uint32_t i = 0;
    for (auto e = elements(d_, v); !e.done(); e.advance(), ++i) {
      if (i < old_count) {
        T copy = pool[r.begin + i];
        pool.push_back(copy);
      } else {
        pool.emplace_back();
      }
      decode_elem(e.cur, pool.back());
    }
    present = true;
    r = Range{begin, i};
  }

  void owner_refs(uint32_t v) {
    slice(v, is_.owner_refs, is_.meta.owner_refs, is_.meta.owner_refs_present,
          [&](uint32_t e, OwnerRef &o) { owner_ref(e, o); });
  }
  void finalizers(uint32_t v) {
    slice(v, is_.strs, is_.meta.finalizers, is_.meta.finalizers_present, [&](uint32_t e, Str &s) {
      const Node &n = d_.nodes[e];
      s.pos = n.pos;
      if (n.type == NodeType::String) s.v = n.text();
    });
  }

  void spec(uint32_t v) {
    const Node &n = d_.nodes[v];
    if (n.type != NodeType::Object) return;
    Spec &s = is_.spec;
    s.pos = n.pos;
    for_members(v, [&](std::string_view k, uint32_t val) {
      if (k == "lookupPolicy") {
        if (d_.nodes[val].type == NodeType::Object) {
          s.lookup_policy_pos = d_.nodes[val].pos;
          for_members(val, [&](std::string_view k2, uint32_t v2) {
            if (k2 == "local") boolean(v2, s.lookup_local);
          });
        }
      } else if (k == "dockerImageRepository") {
        str(val, s.docker_image_repository);
      } else if (k == "tags") {
        bool present = s.tags.count > 0;
        slice(val, is_.tags, s.tags, present, [&](uint32_t e, TagReference &t) { tag(e, t); });
      }
    });
  }

  void object_ref(uint32_t v, TagReference &t) {
    const Node &n = d_.nodes[v];
    if (n.type == NodeType::Null) {  // clears the pointer
      t.has_from = false;
      t.from = ObjectRef{};
      return;
    }
    if (n.type != NodeType::Object) return;
    t.has_from = true;
    ObjectRef &o = t.from;
    o.pos = n.pos;
    for_members(v, [&](std::string_view k, uint32_t val) {
      if (k == "kind") str(val, o.kind);
      else if (k == "namespace") str(val, o.namespace_);
      else if (k == "name") str(val, o.name);
      else if (k == "uid") str(val, o.uid);
      else if (k == "apiVersion") str(val, o.api_version);
      else if (k == "resourceVersion") str(val, o.resource_version);
      else if (k == "fieldPath") str(val, o.field_path);
    });
  }

  void tag(uint32_t v, TagReference &t) {
    const Node &n = d_.nodes[v];
    if (n.type != NodeType::Object) return;
    t.pos = n.pos;
    for_members(v, [&](std::string_view k, uint32_t val) {
      if (k == "name") str(val, t.name);
      else if (k == "annotations") strmap(val, t.annotations);
      else if (k == "from") object_ref(val, t);
      else if (k == "reference") boolean(val, t.reference, &t.reference_pos);
      else if (k == "generation") optint(val, t.generation);
      else if (k == "importPolicy") {
        if (d_.nodes[val].type == NodeType::Object) {
          TagImportPolicy &p = t.import_policy;
          p.pos = d_.nodes[val].pos;
          for_members(val, [&](std::string_view k2, uint32_t v2) {
            if (k2 == "insecure") boolean(v2, p.insecure, &p.insecure_pos);
            else if (k2 == "scheduled") boolean(v2, p.scheduled, &p.scheduled_pos);
            else if (k2 == "importMode") str(v2, p.import_mode);
          });
        }
      } else if (k == "referencePolicy") {
        if (d_.nodes[val].type == NodeType::Object) {
          t.reference_policy_pos = d_.nodes[val].pos;
          for_members(val, [&](std::string_view k2, uint32_t v2) {
            if (k2 == "type") str(v2, t.reference_policy_type);
          });
        }
      }
    });
  }

  void status(uint32_t v) {
    const Node &n = d_.nodes[v];
    if (n.type != NodeType::Object) return;
    Status &s = is_.status;
    s.pos = n.pos;
    for_members(v, [&](std::string_view k, uint32_t val) {
      if (k == "dockerImageRepository") str(val, s.docker_image_repository);
      else if (k == "publicDockerImageRepository") str(val, s.public_docker_image_repository);
      else if (k == "tags") {
        bool present = s.tags.count > 0;
        slice(val, is_.tag_lists, s.tags, present, [&](uint32_t e, TagEventList &l) { tag_list(e, l); });
      }
    });
  }

  void tag_list(uint32_t v, TagEventList &l) {
    const Node &n = d_.nodes[v];
    if (n.type != NodeType::Object) return;
    l.pos = n.pos;
    for_members(v, [&](std::string_view k, uint32_t val) {
      if (k == "tag") str(val, l.tag);
      else if (k == "items") {
        slice(val, is_.events, l.items, l.items_present, [&](uint32_t e, TagEvent &ev) {
          const Node &en = d_.nodes[e];
          if (en.type != NodeType::Object) return;
          ev.pos = en.pos;
          for_members(e, [&](std::string_view k2, uint32_t v2) {
            if (k2 == "created") time(v2, ev.created);
            else if (k2 == "dockerImageReference") str(v2, ev.docker_image_reference);
            else if (k2 == "image") str(v2, ev.image);
            else if (k2 == "generation") int64(v2, ev.generation);
          });
        });
      } else if (k == "conditions") {
        bool present = l.conditions.count > 0;
        slice(val, is_.conditions, l.conditions, present, [&](uint32_t e, TagEventCondition &c) {
          const Node &cn = d_.nodes[e];
          if (cn.type != NodeType::Object) return;
          c.pos = cn.pos;
          for_members(e, [&](std::string_view k2, uint32_t v2) {
            if (k2 == "type") str(v2, c.type);
            else if (k2 == "status") str(v2, c.status);
            else if (k2 == "lastTransitionTime") time(v2, c.last_transition_time);
            else if (k2 == "reason") str(v2, c.reason);
            else if (k2 == "message") str(v2, c.message);
            else if (k2 == "generation") int64(v2, c.generation);
          });
        });
      }
    });
  }

  const Doc &d_;
  ImageStream &is_;
};

}  // namespace

void build_image_stream(const Doc &doc, uint32_t node, ImageStream &out) {
  out.clear();
  out.doc = &doc;
  Builder b(doc, out);
  b.stream(node);
}

}  // namespace isc::detail
