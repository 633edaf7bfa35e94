// Output formats of `isconform check`.
#include <cctype>
#include <cstdio>
#include <string>

#include "cli.hh"

namespace cli {

void add_to_summary(Summary &s, const FileResult &f) {
  ++s.files;
  if (f.io_error) {
    ++s.io_errors;
    return;
  }
  s.documents += f.documents;
  s.skipped += f.skipped;
  for (const auto &r : f.results) {
    // A document that is no ImageStream counts when it fails (a syntax
    // error, a kind oc refuses), never as a valid ImageStream.
    if (!r.is_input_problem) ++s.imagestreams;
    if (!r.valid) ++s.invalid;
    else if (!r.is_input_problem) ++s.valid;
    for (const auto &x : r.findings) {
      if (x.severity == ISC_SEVERITY_ERROR) ++s.errors;
      else ++s.warnings;
    }
  }
}

Summary summarize(const std::vector<FileResult> &files) {
  Summary s;
  for (const auto &f : files) add_to_summary(s, f);
  return s;
}

namespace {

const char *sev_word(isc_severity s) { return s == ISC_SEVERITY_ERROR ? "error" : "warning"; }

void text_file(const FileResult &f, const OutputOptions &o, std::string &out) {
  const char *red = o.color ? "\033[1;31m" : "";
  const char *yellow = o.color ? "\033[1;33m" : "";
  const char *bold = o.color ? "\033[1m" : "";
  const char *dim = o.color ? "\033[2m" : "";
  const char *reset = o.color ? "\033[0m" : "";
  if (f.io_error) {
    out += bold + f.file + reset + ": " + red + "error" + reset + ": " + f.io_message + "\n";
    return;
  }
  for (const auto &r : f.results) {
    for (const auto &x : r.findings) {
      if (o.quiet && x.severity != ISC_SEVERITY_ERROR) continue;
      out += bold;
      out += f.file;
      if (x.line) {
        out += ":" + std::to_string(x.line);
        if (x.column) out += ":" + std::to_string(x.column);
      }
      out += reset;
      out += ": ";
      out += x.severity == ISC_SEVERITY_ERROR ? red : yellow;
      out += sev_word(x.severity);
      out += reset;
      out += ": ";
      out += x.message;
      out += " ";
      out += dim;
      out += "[" + x.rule + "]";
      out += reset;
      out += "\n";
    }
    if (o.normalized && !r.normalized.empty()) {
      out += f.file;
      if (!r.object.empty()) out += "#" + r.object;
      out += ": normalized: " + r.normalized + "\n";
    }
  }
}

void text_end(const Summary &s, const OutputOptions &o, std::string &out) {
  if (o.summary || (!o.quiet && s.files > 1)) {
    out += std::to_string(s.files) + " files, " + std::to_string(s.imagestreams) + " ImageStreams: " +
           std::to_string(s.valid) + " valid, " + std::to_string(s.invalid) + " invalid; " +
           std::to_string(s.errors) + " errors, " + std::to_string(s.warnings) + " warnings";
    if (s.skipped) out += "; " + std::to_string(s.skipped) + " other objects skipped";
    if (s.io_errors) out += "; " + std::to_string(s.io_errors) + " unreadable files";
    out += "\n";
  }
}

// `, "key": "value"`
void json_member(std::string &out, const char *key, const std::string &value) {
  out += ", \"";
  out += key;
  out += "\": ";
  json_str(out, value);
}

// Each entry starts with ",": the writer drops the comma of the first one.
void json_file(const FileResult &f, const OutputOptions &o, std::string &out) {
  if (f.io_error) {
    out += ",\n  {\"file\": ";
    json_str(out, f.file);
    out += ", \"document\": 0, \"object\": \"\", \"apiVersion\": \"\", \"kind\": \"\", \"namespace\": \"\", "
           "\"name\": \"\", \"valid\": false, \"findings\": [{\"severity\": \"error\", \"field\": \"\", \"type\": "
           "\"IOError\", \"message\": ";
    json_str(out, f.io_message);
    out += ", \"rule\": \"IO\", \"line\": 0, \"column\": 0}]}";
    return;
  }
  for (const auto &r : f.results) {
    out += ",\n  {\"file\": ";
    json_str(out, f.file);
    out += ", \"document\": " + std::to_string(r.document);
    json_member(out, "object", r.object);
    json_member(out, "apiVersion", r.api_version);
    json_member(out, "kind", r.kind);
    json_member(out, "namespace", r.ns);
    json_member(out, "name", r.name);
    out += r.valid ? ", \"valid\": true" : ", \"valid\": false";
    out += ", \"findings\": [";
    for (size_t i = 0; i < r.findings.size(); ++i) {
      const Finding &x = r.findings[i];
      if (i) out += ",";
      out += "\n    {\"severity\": \"";
      out += sev_word(x.severity);
      out += "\"";
      json_member(out, "field", x.field);
      json_member(out, "type", x.type);
      json_member(out, "message", x.message);
      json_member(out, "rule", x.rule);
      out += ", \"line\": " + std::to_string(x.line) + ", \"column\": " + std::to_string(x.column) + "}";
    }
    out += r.findings.empty() ? "]" : "\n  ]";
    if (o.normalized && !r.normalized.empty()) {
      out += ", \"normalized\": ";
      out += r.normalized;
    }
    out += "}";
  }
}

void json_end(const Summary &s, bool any, std::string &out) {
  out += any ? "\n],\n" : "],\n";
  out += " \"summary\": {\"files\": " + std::to_string(s.files) + ", \"documents\": " + std::to_string(s.documents) +
         ", \"imagestreams\": " + std::to_string(s.imagestreams) + ", \"valid\": " + std::to_string(s.valid) +
         ", \"invalid\": " + std::to_string(s.invalid) + ", \"errors\": " + std::to_string(s.errors) +
         ", \"warnings\": " + std::to_string(s.warnings) + ", \"skipped\": " + std::to_string(s.skipped) +
         ", \"unreadable\": " + std::to_string(s.io_errors) + "}}\n";
}

// SARIF 2.1.0 (OASIS), ready for code scanning: one run, rule metadata from
// the library's catalogue, one result per finding with a physical location.
std::string sarif_uri(const std::string &file) {
  std::string u;
  for (unsigned char c : file) {
    if (std::isalnum(c) || c == '/' || c == '.' || c == '-' || c == '_' || c == '~') {
      u.push_back(static_cast<char>(c));
    } else {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", c);
      u += buf;
    }
  }
  if (!file.empty() && file[0] == '/') u = "file://" + u;
  return u;
}

void sarif_begin(std::string &out) {
  out += "{\n  \"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\",\n  \"version\": \"2.1.0\",\n";
  out += "  \"runs\": [{\n    \"tool\": {\"driver\": {\"name\": \"isconform\", \"version\": ";
  json_str(out, isc_version());
  out += ", \"semanticVersion\": ";
  json_str(out, isc_version());
  out += ", \"informationUri\": \"https://github.com/isconform/isconform\", \"rules\": [";
  for (size_t i = 0; i < isc_rule_count(); ++i) {
    if (i) out += ",";
    out += "\n      {\"id\": ";
    json_str(out, isc_rule_id(i));
    out += ", \"name\": ";
    std::string name;
    for (const char *p = isc_rule_title(i); *p; ++p) {
      if (std::isalnum(static_cast<unsigned char>(*p))) name.push_back(*p);
    }
    json_str(out, name);
    out += ", \"shortDescription\": {\"text\": ";
    json_str(out, isc_rule_title(i));
    out += "}, \"fullDescription\": {\"text\": ";
    json_str(out, isc_rule_description(i));
    out += "}, \"defaultConfiguration\": {\"level\": \"";
    out += isc_rule_severity(i) == ISC_SEVERITY_ERROR ? "error" : "warning";
    out += "\"}}";
  }
  out += "\n    ]}},\n    \"results\": [";
}

// One result per finding, each starting with "," (dropped for the first).
void sarif_result(const std::string &file, const Finding &x, const Result *r, std::string &out) {
  out += ",\n      {\"ruleId\": ";
  json_str(out, x.rule);
  for (size_t i = 0; i < isc_rule_count(); ++i) {
    if (x.rule == isc_rule_id(i)) {
      out += ", \"ruleIndex\": " + std::to_string(i);
      break;
    }
  }
  out += ", \"level\": \"";
  out += x.severity == ISC_SEVERITY_ERROR ? "error" : "warning";
  out += "\", \"message\": {\"text\": ";
  json_str(out, x.message);
  out += "}, \"locations\": [{\"physicalLocation\": {\"artifactLocation\": {\"uri\": ";
  json_str(out, sarif_uri(file));
  out += "}";
  if (x.line) {
    out += ", \"region\": {\"startLine\": " + std::to_string(x.line);
    if (x.column) out += ", \"startColumn\": " + std::to_string(x.column);
    out += "}";
  }
  out += "}";
  if (r && !r->name.empty()) {
    out += ", \"logicalLocations\": [{\"fullyQualifiedName\": ";
    json_str(out, (r->ns.empty() ? std::string() : r->ns + "/") + r->name + (x.field.empty() ? "" : "#" + x.field));
    out += ", \"kind\": \"object\"}]";
  }
  out += "}]";
  if (!x.field.empty()) {
    out += ", \"properties\": {\"field\": ";
    json_str(out, x.field);
    out += ", \"type\": ";
    json_str(out, x.type);
    out += "}";
  }
  out += "}";
}

void sarif_file(const FileResult &f, std::string &out) {
  if (f.io_error) {
    Finding x{ISC_SEVERITY_ERROR, "", "IOError", f.io_message, "D1", 0, 0};
    sarif_result(f.file, x, nullptr, out);
    return;
  }
  for (const auto &r : f.results)
    for (const auto &x : r.findings) sarif_result(f.file, x, &r, out);
}

void sarif_end(bool any, std::string &out) { out += any ? "\n    ]\n  }]\n}\n" : "]\n  }]\n}\n"; }

void xml_escape(std::string &out, const std::string &s) {
  for (unsigned char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default:
        if (c < 0x20 && c != '\n' && c != '\t') out += "&#xFFFD;";  // not allowed in XML 1.0
        else out.push_back(static_cast<char>(c));
    }
  }
}

// JUnit XML: one test case per ImageStream (and per input problem). The
// header carries the totals, so the writer holds JUnit test cases until the end.
void junit_file(const FileResult &f, std::string &out) {
  if (f.io_error) {
    out += "    <testcase classname=\"";
    xml_escape(out, f.file);
    out += "\" name=\"(file)\"><failure message=\"";
    xml_escape(out, f.io_message);
    out += "\" type=\"IOError\"/></testcase>\n";
    return;
  }
  for (const auto &r : f.results) {
    std::string name = r.is_input_problem ? "(document " + std::to_string(r.document) + ")"
                                          : (r.ns.empty() ? "" : r.ns + "/") + (r.name.empty() ? "(unnamed)" : r.name);
    if (!r.object.empty()) name += " " + r.object;
    out += "    <testcase classname=\"";
    xml_escape(out, f.file);
    out += "\" name=\"";
    xml_escape(out, name);
    out += "\">";
    std::string errors, warnings;
    size_t nerr = 0;
    for (const auto &x : r.findings) {
      std::string line = f.file + ":" + std::to_string(x.line) + ":" + std::to_string(x.column) + ": " +
                         (x.severity == ISC_SEVERITY_ERROR ? "error" : "warning") + ": " + x.message + " [" + x.rule +
                         "]\n";
      if (x.severity == ISC_SEVERITY_ERROR) {
        errors += line;
        ++nerr;
      } else {
        warnings += line;
      }
    }
    if (!r.valid) {
      out += "\n      <failure message=\"";
      xml_escape(out, std::to_string(nerr) + (nerr == 1 ? " error" : " errors"));
      out += "\" type=\"invalid\">";
      xml_escape(out, errors);
      out += "</failure>";
    }
    if (!warnings.empty()) {
      out += "\n      <system-out>";
      xml_escape(out, warnings);
      out += "</system-out>";
    }
    out += r.valid && warnings.empty() ? "</testcase>\n" : "\n    </testcase>\n";
  }
}

void junit_end(const Summary &s, const std::string &cases, std::string &out) {
  size_t failures = s.invalid + s.io_errors;
  size_t tests = s.valid + s.invalid + s.io_errors;
  out += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += "<testsuites name=\"isconform\" tests=\"" + std::to_string(tests) + "\" failures=\"" +
         std::to_string(failures) + "\">\n";
  out += "  <testsuite name=\"isconform check\" tests=\"" + std::to_string(tests) + "\" failures=\"" +
         std::to_string(failures) + "\" errors=\"0\">\n";
  out += cases;
  out += "  </testsuite>\n</testsuites>\n";
}

}  // namespace

void OutputWriter::begin(std::string &out) {
  if (o_.format == Format::Sarif) sarif_begin(out);
  if (o_.format == Format::Json) out += "{\"results\": [";
}

void OutputWriter::render(const FileResult &f, std::string &chunk) const {
  switch (o_.format) {
    case Format::Json: json_file(f, o_, chunk); break;
    case Format::Sarif: sarif_file(f, chunk); break;
    case Format::Junit: junit_file(f, chunk); break;
    default: text_file(f, o_, chunk); break;
  }
}

void OutputWriter::add(std::string_view chunk, std::string &out) {
  if (chunk.empty()) return;
  if (o_.format == Format::Junit) {
    held_ += chunk;
    return;
  }
  const bool comma_first = o_.format == Format::Json || o_.format == Format::Sarif;
  out.append(chunk.substr(comma_first && !any_ ? 1 : 0));
  any_ = true;
}

void OutputWriter::end(const Summary &s, std::string &out) {
  switch (o_.format) {
    case Format::Json: json_end(s, any_, out); break;
    case Format::Sarif: sarif_end(any_, out); break;
    case Format::Junit: junit_end(s, held_, out); break;
    default: text_end(s, o_, out); break;
  }
}

void write_output(const std::vector<FileResult> &files, const OutputOptions &o, std::string &out) {
  OutputWriter w(o);
  w.begin(out);
  std::string chunk;
  for (const auto &f : files) {
    chunk.clear();
    w.render(f, chunk);
    w.add(chunk, out);
  }
  w.end(summarize(files), out);
}

}  // namespace cli
