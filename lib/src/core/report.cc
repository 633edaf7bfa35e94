#include "core/report.hh"

#include <algorithm>  // sort
#include <functional>  // hash
#include <unordered_set>  // unordered_set

#include "rules/messages.hh"
#include "util/goquote.hh"

isc_finding &isc_report::add(isc_severity sev, std::string_view field, const char *type, std::string_view message,
                             const char *rule, uint32_t pos, const isc::detail::Doc *doc) {
  const auto same = [&](const isc_finding &f) { return f.severity == sev && f.message == message && f.field == field; };
  const auto scan = [&]() -> isc_finding * {
    for (size_t i = 0; i < count; ++i) {
      if (same(findings[i])) return &findings[i];
    }
    return nullptr;
  };
  const auto again = [&](isc_finding &f) -> isc_finding & {
    occurrences.push_back(f.id);
    return f;
  };
  uint64_t key = 0;
  if (count < kIndexFrom) {
    if (isc_finding *f = scan()) return again(*f);
  } else {
    const auto hash_of = [](isc_severity s, std::string_view fd, std::string_view m) {
      const uint64_t h = std::hash<std::string_view>{}(m);
      return (h ^ (std::hash<std::string_view>{}(fd) * 0x9E3779B97F4A7C15ULL)) + static_cast<uint64_t>(s);
    };
    if (indexed > count) {  // findings were compacted since
      index.clear();
      indexed = 0;
    }
    for (; indexed < count; ++indexed) {
      const isc_finding &f = findings[indexed];
      index.emplace(hash_of(f.severity, f.field, f.message), static_cast<uint32_t>(indexed));
    }
    key = hash_of(sev, field, message);
    const auto it = index.find(key);
    if (it != index.end()) {
      if (it->second < count && same(findings[it->second])) return again(findings[it->second]);
      if (isc_finding *f = scan()) return again(*f);  // a hash collision or a reordered report
    }
  }
  if (count == findings.size()) findings.emplace_back();
  isc_finding &f = findings[count++];
  f.severity = sev;
  f.field.assign(field.data(), field.size());
  f.type = type;
  f.message.assign(message.data(), message.size());
  f.rule = rule;
  f.pos = pos;
  f.doc = doc;
  f.line = 0;
  f.column = 0;
  f.id = next_id++;
  occurrences.push_back(f.id);
  if (sev == ISC_SEVERITY_ERROR) has_error = true;
  if (count > kIndexFrom && indexed == count - 1) {  // keep the index current
    index.emplace(key, static_cast<uint32_t>(count - 1));
    indexed = count;
  }
  return f;
}

void isc_report::locate() {
  for (size_t i = 0; i < count; ++i) {
    isc_finding &f = findings[i];
    if (f.doc && f.pos != isc::detail::kNoPos) {
      auto loc = f.doc->locate(f.pos);
      f.line = loc.line;
      f.column = loc.col;
    }
  }
}

isc_report &isc_file_report::next_entry() {
  if (count == entries.size()) entries.push_back(std::make_unique<isc_report>());
  isc_report &r = *entries[count++];
  r.reset();
  return r;
}

namespace isc::detail {

void Errors::raw(isc_severity sev, std::string_view field, const char *type, std::string_view message,
                 const char *rule, uint32_t pos) {
  r_.add(sev, field, type, message, rule, pos, doc_);
}

void Errors::required(std::string_view field, std::string_view detail, const char *rule, uint32_t pos) {
  buf_.assign(field);
  buf_ += ": ";
  buf_ += msg::kRequiredValue;
  if (!detail.empty()) {
    buf_ += ": ";
    buf_ += detail;
  }
  r_.add(ISC_SEVERITY_ERROR, field, "Required", buf_, rule, pos, doc_);
}

void Errors::invalid(std::string_view field, std::string_view value, std::string_view detail, const char *rule,
                     uint32_t pos) {
  // Straight into the reused buffer: a value can be megabytes long.
  buf_.clear();
  buf_.reserve(field.size() + value.size() + detail.size() + 32);
  buf_ += field;
  buf_ += ": ";
  buf_ += msg::kInvalidValue;
  buf_ += ": ";
  buf_ += value;
  if (!detail.empty()) {
    buf_ += ": ";
    buf_ += detail;
  }
  r_.add(ISC_SEVERITY_ERROR, field, "Invalid", buf_, rule, pos, doc_);
}

void Errors::forbidden(std::string_view field, std::string_view detail, const char *rule, uint32_t pos) {
  FieldError e = make_forbidden(field, detail, pos);
  r_.add(ISC_SEVERITY_ERROR, field, "Forbidden", e.text(), rule, pos, doc_);
}

void Errors::too_long(std::string_view field, int64_t max, const char *rule, uint32_t pos) {
  buf_.assign(field);
  buf_ += ": ";
  buf_ += msg::kTooLong;
  if (max < 0) {
    buf_ += ": value is too long";
  } else {
    buf_ += ": may not be more than ";
    buf_ += std::to_string(max);
    buf_ += max == 1 ? " byte" : " bytes";
  }
  r_.add(ISC_SEVERITY_ERROR, field, "TooLong", buf_, rule, pos, doc_);
}

void Errors::not_found(std::string_view field, std::string_view value, const char *rule, uint32_t pos) {
  buf_.clear();
  buf_.reserve(field.size() + value.size() + 16);
  buf_ += field;
  buf_ += ": ";
  buf_ += msg::kNotFound;
  buf_ += ": ";
  buf_ += value;
  r_.add(ISC_SEVERITY_ERROR, field, "NotFound", buf_, rule, pos, doc_);
}

void Errors::internal(std::string_view field, std::string_view detail, const char *rule, uint32_t pos) {
  buf_.assign(field);
  buf_ += ": ";
  buf_ += msg::kInternalError;
  buf_ += ": ";
  buf_ += detail;
  r_.add(ISC_SEVERITY_ERROR, field, "InternalError", buf_, rule, pos, doc_);
}

void Errors::warning(std::string_view field, std::string_view message, const char *rule, uint32_t pos) {
  r_.add(ISC_SEVERITY_WARNING, field, "Warning", message, rule, pos, doc_);
}

std::string quote_str(std::string_view s) { return go_quote(s); }
std::string quote_json(std::string_view s) { return go_json_quote(s); }

FieldError make_invalid(std::string_view field, std::string_view value, std::string_view detail, uint32_t pos) {
  FieldError e;
  e.field.assign(field);
  e.type = "Invalid";
  e.body.reserve(value.size() + detail.size() + 24);
  e.body = msg::kInvalidValue;
  e.body += ": ";
  e.body += value;
  if (!detail.empty()) {
    e.body += ": ";
    e.body += detail;
  }
  e.pos = pos;
  return e;
}

FieldError make_not_found(std::string_view field, std::string_view value, uint32_t pos) {
  FieldError e;
  e.field.assign(field);
  e.type = "NotFound";
  e.body = msg::kNotFound;
  e.body += ": ";
  e.body += value;
  e.pos = pos;
  return e;
}

FieldError make_forbidden(std::string_view field, std::string_view detail, uint32_t pos) {
  FieldError e;
  e.field.assign(field);
  e.type = "Forbidden";
  e.body = msg::kForbidden;
  if (!detail.empty()) {
    e.body += ": ";
    e.body += detail;
  }
  e.pos = pos;
  return e;
}

std::string aggregate(const std::vector<std::string> &texts) {
  // First occurrences in order; a set keeps thousands of inner errors linear.
  std::vector<std::string_view> seen;
  std::unordered_set<std::string_view> known;
  for (const auto &t : texts) {
    if (known.insert(t).second) seen.push_back(t);
  }
  if (seen.empty()) return {};
  if (seen.size() == 1) return std::string(seen[0]);
  std::string out = "[";
  for (size_t i = 0; i < seen.size(); ++i) {
    if (i) out += ", ";
    out += seen[i];
  }
  out += "]";
  return out;
}

}  // namespace isc::detail
