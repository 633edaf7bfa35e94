// The C API: thin noexcept shims over the C++ internals. No exception
// crosses this boundary: std::bad_alloc becomes ISC_ENOMEM, anything else
// ISC_EINTERNAL.
#include <algorithm>  // stable_partition
#include <cstring>    // strlen, memcpy
#include <new>        // bad_alloc, nothrow

#include "core/operations.hh"
#include "core/report.hh"
#include "core/validate.hh"
#include "core/validator.hh"
#include "policy/policy.hh"
#include "isconform/isconform.h"
#include "reference/engine.hh"
#include "rules/catalog.hh"
#include "schema/embedded.hh"

using namespace isc::detail;

namespace {

// Whether an enum argument from C holds one of lo..hi. Read as an int: a C
// caller may pass any int, and loading an out-of-range value as the C++ enum
// type would be undefined behaviour.
template <typename E>
bool in_range(const E &e, int lo, int hi) noexcept {
  static_assert(sizeof(E) == sizeof(int), "C enums are int-sized");
  int v;
  std::memcpy(&v, &e, sizeof v);
  return v >= lo && v <= hi;
}

template <typename F>
isc_status guarded(F &&f) noexcept {
  try {
    return f();
  } catch (const std::bad_alloc &) {
    return ISC_ENOMEM;
  } catch (...) {
    return ISC_EINTERNAL;
  }
}

// Severity overrides of the configuration; then errors first, then
// warnings, each in the order found; caps the count.
void finish(isc_report &r, const isc_options &opts) {
  const Limits &limits = opts.limits;
  if (opts.policy) apply_severity_overrides(*opts.policy, r);
  std::stable_partition(r.findings.begin(), r.findings.begin() + static_cast<std::ptrdiff_t>(r.count),
                        [](const isc_finding &f) { return f.severity == ISC_SEVERITY_ERROR; });
  if (r.count > limits.max_findings && limits.max_findings > 0) {
    size_t more = r.count - (limits.max_findings - 1);
    r.count = limits.max_findings - 1;
    isc_finding &f = r.add(ISC_SEVERITY_WARNING, "", "Warning",
                           std::to_string(more) + " more findings not shown (limit " +
                               std::to_string(limits.max_findings) + " per document)",
                           "L1", kNoPos, nullptr);
    (void)f;
  }
  r.locate();
}

}  // namespace

extern "C" {

const char *isc_version(void) { return ISC_VERSION_STRING; }

const char *isc_status_str(isc_status status) {
  switch (status) {
    case ISC_OK: return "ISC_OK";
    case ISC_EINVAL: return "ISC_EINVAL";
    case ISC_ENOMEM: return "ISC_ENOMEM";
    case ISC_EINTERNAL: return "ISC_EINTERNAL";
    case ISC_EPARSE: return "ISC_EPARSE";
  }
  return "ISC_UNKNOWN";
}

isc_status isc_options_new(isc_options **out) {
  if (!out) return ISC_EINVAL;
  *out = nullptr;
  return guarded([&] {
    *out = new isc_options();
    return ISC_OK;
  });
}

void isc_options_free(isc_options *opts) { delete opts; }

isc_status isc_options_set_field_validation(isc_options *opts, isc_field_validation mode) {
  if (!opts) return ISC_EINVAL;
  if (!in_range(mode, ISC_FIELD_VALIDATION_STRICT, ISC_FIELD_VALIDATION_IGNORE)) return ISC_EINVAL;
  opts->field_validation = mode;
  return ISC_OK;
}

isc_status isc_options_set_engine(isc_options *opts, isc_engine engine) {
  if (!opts) return ISC_EINVAL;
  if (!in_range(engine, ISC_ENGINE_FAST, ISC_ENGINE_REFERENCE)) return ISC_EINVAL;
  opts->engine = engine;
  return ISC_OK;
}

isc_status isc_options_set_world(isc_options *opts, isc_world world) {
  if (!opts) return ISC_EINVAL;
  if (!in_range(world, ISC_WORLD_CLOSED, ISC_WORLD_OPEN)) return ISC_EINVAL;
  opts->world = world;
  return ISC_OK;
}

isc_status isc_options_set_limit(isc_options *opts, isc_limit limit, uint64_t value) {
  if (!opts || value == 0) return ISC_EINVAL;
  Limits &l = opts->limits;
  auto u32 = [&](uint32_t &field) {
    if (value > 0xFFFFFFFFu) return ISC_EINVAL;
    field = static_cast<uint32_t>(value);
    return ISC_OK;
  };
  if (!in_range(limit, ISC_LIMIT_DOCUMENT_BYTES, ISC_LIMIT_FINDINGS)) return ISC_EINVAL;
  switch (limit) {
    case ISC_LIMIT_DOCUMENT_BYTES: l.max_document_bytes = value; return ISC_OK;
    case ISC_LIMIT_DEPTH: return u32(l.max_depth);
    case ISC_LIMIT_STRING_BYTES: l.max_string_bytes = value; return ISC_OK;
    case ISC_LIMIT_TAGS: return u32(l.max_tags);
    case ISC_LIMIT_STATUS_ITEMS: return u32(l.max_status_items);
    case ISC_LIMIT_YAML_NODES: l.max_yaml_nodes = value; return ISC_OK;
    case ISC_LIMIT_FINDINGS: return value < 2 ? ISC_EINVAL : u32(l.max_findings);
  }
  return ISC_EINVAL;
}

isc_status isc_options_set_environment_ex(isc_options *opts, const char *doc, size_t len, char *errbuf,
                                          size_t errbuf_len) {
  if (!opts || (!doc && len)) return ISC_EINVAL;
  return guarded([&] {
    auto env = std::make_shared<Environment>();
    std::string err;
    if (!parse_environment(std::string_view(doc ? doc : "", len), *env, err)) {
      if (errbuf && errbuf_len) {
        size_t n = std::min(err.size(), errbuf_len - 1);
        std::memcpy(errbuf, err.data(), n);
        errbuf[n] = '\0';
      }
      return ISC_EPARSE;
    }
    opts->env = std::move(env);
    return ISC_OK;
  });
}

isc_status isc_options_set_environment(isc_options *opts, const char *doc, size_t len) {
  return isc_options_set_environment_ex(opts, doc, len, nullptr, 0);
}

isc_status isc_options_set_default_namespace(isc_options *opts, const char *ns) {
  if (!opts || !ns) return ISC_EINVAL;
  return guarded([&] {
    opts->default_namespace = ns;
    return ISC_OK;
  });
}

isc_status isc_options_set_request_checks(isc_options *opts, int enabled) {
  if (!opts) return ISC_EINVAL;
  opts->request_checks = enabled != 0;
  return ISC_OK;
}

isc_status isc_options_add_known_stream(isc_options *opts, const char *ns, const char *name) {
  if (!opts || !ns || !name) return ISC_EINVAL;
  return guarded([&] {
    opts->known_streams.emplace_back(ns, name);
    return ISC_OK;
  });
}

isc_status isc_validator_new(isc_validator **out, const isc_options *opts) {
  if (!out) return ISC_EINVAL;
  *out = nullptr;
  return guarded([&] {
    auto v = std::make_unique<isc_validator>();
    if (opts) v->opts = *opts;
    v->model = Model::compile();
    const Environment &env = *v->opts.env;
    if (!env.allowed_registries.empty()) v->whitelister = Whitelister(env.allowed_registries, env.internal_registry);
    if (v->opts.engine == ISC_ENGINE_REFERENCE) v->reference = ReferenceEngine::create(v->model);
    *out = v.release();
    return ISC_OK;
  });
}

void isc_validator_free(isc_validator *v) { delete v; }

isc_status isc_report_new(isc_report **out) {
  if (!out) return ISC_EINVAL;
  *out = nullptr;
  return guarded([&] {
    *out = new isc_report();
    return ISC_OK;
  });
}

void isc_report_free(isc_report *r) { delete r; }

isc_status isc_validate(const isc_validator *v, isc_operation op, const char *doc, size_t doc_len, const char *old_doc,
                        size_t old_len, isc_report *report) {
  if (!v || !report || (!doc && doc_len) || (!old_doc && old_len)) return ISC_EINVAL;
  if (!in_range(op, ISC_OP_CREATE, ISC_OP_STATUS_UPDATE)) return ISC_EINVAL;
  isc_status st = guarded([&] {
    report->reset();
    Workspace &ws = *report->ws;
    ws.doc.clear();
    ws.old_doc.clear();
    ws.is.clear();
    ws.old_is.clear();
    const Limits &limits = v->opts.limits;
    ws.yaml_loader.recycle(ws.yaml);
    ws.yaml_loader.recycle(ws.old_yaml);
    Errors e(*report, nullptr);
    if (doc_len > limits.max_document_bytes) {
      e.raw(ISC_SEVERITY_ERROR, "", "BadRequest",
            "the document is " + std::to_string(doc_len) + " bytes, more than the limit of " +
                std::to_string(limits.max_document_bytes) + " bytes (the API server's request size limit)",
            "L1", kNoPos);
      finish(*report, v->opts);
      return ISC_OK;
    }
    ws.src.assign(doc ? doc : "", doc_len);
    ParsedDocument parsed;
    if (!parse_document(ws.src, ws.doc, ws.yaml, parsed, limits, &ws.yaml_loader)) {
      isc_finding &f = report->add(ISC_SEVERITY_ERROR, "", "SyntaxError", parsed.error, "D1", kNoPos, nullptr);
      f.line = parsed.line;
      f.column = parsed.column;
      finish(*report, v->opts);
      return ISC_OK;
    }
    OldInput old;
    ParsedDocument old_parsed;
    if (old_doc) {
      ws.old_src.assign(old_doc, old_len);
      if (parse_document(ws.old_src, ws.old_doc, ws.old_yaml, old_parsed, limits, &ws.yaml_loader)) {
        old.doc = old_parsed.doc;
        old.node = old_parsed.doc->root;
      } else {
        old.doc = &ws.old_doc;
        old.error = old_parsed.error;
      }
    }
    ObjectInput in;
    in.doc = parsed.doc;
    in.node = parsed.doc->root;
    in.yaml_duplicates = parsed.dups;
    validate_object(*v, op, in, old, *report);
    finish(*report, v->opts);
    return ISC_OK;
  });
  if (st != ISC_OK) report->reset();
  return st;
}

int isc_report_valid(const isc_report *r) { return r && !r->has_error ? 1 : 0; }
size_t isc_report_count(const isc_report *r) { return r ? r->count : 0; }
const isc_finding *isc_report_at(const isc_report *r, size_t i) {
  if (!r || i >= r->count) return nullptr;
  return &r->findings[i];
}

const char *isc_report_normalized(const isc_report *r, size_t *len) {
  if (len) *len = 0;
  if (!r || !r->normalized_ok || r->has_error) return nullptr;
  try {
    if (!r->normalized_done) {
      render_persisted(r->ws->is, r->normalized);
      r->normalized_done = true;
    }
  } catch (...) {
    return nullptr;
  }
  if (len) *len = r->normalized.size();
  return r->normalized.c_str();
}

const char *isc_report_generations(const isc_report *r, size_t *len) {
  if (len) *len = 0;
  if (!r || r->generations.empty()) return nullptr;
  if (len) *len = r->generations.size();
  return r->generations.c_str();
}

size_t isc_report_document(const isc_report *r) { return r ? r->document : 0; }
const char *isc_report_object(const isc_report *r) { return r ? r->object.c_str() : ""; }
const char *isc_report_api_version(const isc_report *r) { return r ? r->api_version.c_str() : ""; }
const char *isc_report_kind(const isc_report *r) { return r ? r->kind.c_str() : ""; }
const char *isc_report_namespace(const isc_report *r) { return r ? r->namespace_.c_str() : ""; }
const char *isc_report_name(const isc_report *r) { return r ? r->name.c_str() : ""; }

isc_severity isc_finding_severity(const isc_finding *f) { return f ? f->severity : ISC_SEVERITY_ERROR; }
const char *isc_finding_field(const isc_finding *f) { return f ? f->field.c_str() : ""; }
const char *isc_finding_type(const isc_finding *f) { return f ? f->type : ""; }
const char *isc_finding_message(const isc_finding *f) { return f ? f->message.c_str() : ""; }
const char *isc_finding_rule(const isc_finding *f) { return f ? f->rule : ""; }
uint32_t isc_finding_line(const isc_finding *f) { return f ? f->line : 0; }
uint32_t isc_finding_column(const isc_finding *f) { return f ? f->column : 0; }

isc_status isc_file_report_new(isc_file_report **out) {
  if (!out) return ISC_EINVAL;
  *out = nullptr;
  return guarded([&] {
    *out = new isc_file_report();
    return ISC_OK;
  });
}

void isc_file_report_free(isc_file_report *fr) { delete fr; }

isc_status isc_validate_file(const isc_validator *v, isc_operation op, const char *buf, size_t len, isc_format format,
                             const char *old_doc, size_t old_len, isc_file_report *out) {
  if (!v || !out || (!buf && len) || (!old_doc && old_len)) return ISC_EINVAL;
  if (!in_range(op, ISC_OP_CREATE, ISC_OP_STATUS_UPDATE)) return ISC_EINVAL;
  if (!in_range(format, ISC_FORMAT_AUTO, ISC_FORMAT_YAML)) return ISC_EINVAL;
  isc_status st = guarded([&] {
    validate_input(*v, op, std::string_view(buf ? buf : "", len), format,
                   std::string_view(old_doc ? old_doc : "", old_len), old_doc != nullptr, *out);
    for (size_t i = 0; i < out->count; ++i) finish(*out->entries[i], v->opts);
    return ISC_OK;
  });
  if (st != ISC_OK) out->reset();
  return st;
}

size_t isc_file_report_count(const isc_file_report *fr) { return fr ? fr->count : 0; }
const isc_report *isc_file_report_at(const isc_file_report *fr, size_t i) {
  if (!fr || i >= fr->count) return nullptr;
  return fr->entries[i].get();
}
size_t isc_file_report_documents(const isc_file_report *fr) { return fr ? fr->documents : 0; }
size_t isc_file_report_skipped(const isc_file_report *fr) { return fr ? fr->skipped : 0; }

size_t isc_rule_count(void) {
  size_t n = 0;
  rule_catalog(&n);
  return n;
}
static const RuleInfo *rule_at(size_t i) {
  size_t n = 0;
  const RuleInfo *r = rule_catalog(&n);
  return i < n ? &r[i] : nullptr;
}
const char *isc_rule_id(size_t i) { return rule_at(i) ? rule_at(i)->id : nullptr; }
const char *isc_rule_title(size_t i) { return rule_at(i) ? rule_at(i)->title : nullptr; }
const char *isc_rule_description(size_t i) { return rule_at(i) ? rule_at(i)->description : nullptr; }
isc_severity isc_rule_severity(size_t i) { return rule_at(i) ? rule_at(i)->severity : ISC_SEVERITY_ERROR; }

const char *isc_schema_get(const char *name, size_t *len) {
  if (len) *len = 0;
  if (!name) return nullptr;
  std::string_view n(name);
  if (n.size() > 5 && n.substr(n.size() - 5) == ".json") n = n.substr(0, n.size() - 5);
  size_t count = 0;
  const EmbeddedSchema *tab = embedded_schemas(&count);
  for (size_t i = 0; i < count; ++i) {
    if (n == tab[i].name) {
      if (len) *len = tab[i].size;
      return tab[i].data;
    }
  }
  return nullptr;
}

size_t isc_schema_count(void) {
  size_t count = 0;
  embedded_schemas(&count);
  return count;
}

const char *isc_schema_name(size_t i) {
  size_t count = 0;
  const EmbeddedSchema *tab = embedded_schemas(&count);
  return i < count ? tab[i].name : nullptr;
}

}  // extern "C"
