// Output formats of `isconform check`.
#include <string>

#include "cli.hh"

namespace cli {

Summary summarize(const std::vector<FileResult> &files) {
  Summary s;
  s.files = files.size();
  for (const auto &f : files) {
    if (f.io_error) {
      ++s.io_errors;
      continue;
    }
    s.documents += f.documents;
    s.skipped += f.skipped;
    for (const auto &r : f.results) {
      if (!r.is_input_problem) ++s.imagestreams;
      if (r.valid) ++s.valid;
      else ++s.invalid;
      for (const auto &x : r.findings) {
        if (x.severity == ISC_SEVERITY_ERROR) ++s.errors;
        else ++s.warnings;
      }
    }
  }
  return s;
}

namespace {

const char *sev_word(isc_severity s) { return s == ISC_SEVERITY_ERROR ? "error" : "warning"; }

void text(const std::vector<FileResult> &files, const OutputOptions &o, std::string &out) {
  const char *red = o.color ? "\033[1;31m" : "";
  const char *yellow = o.color ? "\033[1;33m" : "";
  const char *bold = o.color ? "\033[1m" : "";
  const char *dim = o.color ? "\033[2m" : "";
  const char *reset = o.color ? "\033[0m" : "";
  for (const auto &f : files) {
    if (f.io_error) {
      out += bold + f.file + reset + ": " + red + "error" + reset + ": " + f.io_message + "\n";
      continue;
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
  if (o.summary || (!o.quiet && files.size() > 1)) {
    Summary s = summarize(files);
    out += std::to_string(s.files) + " files, " + std::to_string(s.imagestreams) + " ImageStreams: " +
           std::to_string(s.valid) + " valid, " + std::to_string(s.invalid) + " invalid; " +
           std::to_string(s.errors) + " errors, " + std::to_string(s.warnings) + " warnings";
    if (s.skipped) out += "; " + std::to_string(s.skipped) + " other objects skipped";
    if (s.io_errors) out += "; " + std::to_string(s.io_errors) + " unreadable files";
    out += "\n";
  }
}

void json(const std::vector<FileResult> &files, const OutputOptions &o, std::string &out) {
  out += "{\"results\": [";
  bool first = true;
  for (const auto &f : files) {
    if (f.io_error) {
      if (!first) out += ",";
      first = false;
      out += "\n  {\"file\": ";
      json_str(out, f.file);
      out += ", \"document\": 0, \"object\": \"\", \"apiVersion\": \"\", \"kind\": \"\", \"namespace\": \"\", "
             "\"name\": \"\", \"valid\": false, \"findings\": [{\"severity\": \"error\", \"field\": \"\", \"type\": "
             "\"IOError\", \"message\": ";
      json_str(out, f.io_message);
      out += ", \"rule\": \"IO\", \"line\": 0, \"column\": 0}]}";
      continue;
    }
    for (const auto &r : f.results) {
      if (!first) out += ",";
      first = false;
      out += "\n  {\"file\": ";
      json_str(out, f.file);
      out += ", \"document\": " + std::to_string(r.document) + ", \"object\": ";
      json_str(out, r.object);
      out += ", \"apiVersion\": ";
      json_str(out, r.api_version);
      out += ", \"kind\": ";
      json_str(out, r.kind);
      out += ", \"namespace\": ";
      json_str(out, r.ns);
      out += ", \"name\": ";
      json_str(out, r.name);
      out += r.valid ? ", \"valid\": true" : ", \"valid\": false";
      out += ", \"findings\": [";
      for (size_t i = 0; i < r.findings.size(); ++i) {
        const Finding &x = r.findings[i];
        if (i) out += ",";
        out += "\n    {\"severity\": \"";
        out += sev_word(x.severity);
        out += "\", \"field\": ";
        json_str(out, x.field);
        out += ", \"type\": ";
        json_str(out, x.type);
        out += ", \"message\": ";
        json_str(out, x.message);
        out += ", \"rule\": ";
        json_str(out, x.rule);
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
  Summary s = summarize(files);
  out += first ? "],\n" : "\n],\n";
  out += " \"summary\": {\"files\": " + std::to_string(s.files) + ", \"documents\": " + std::to_string(s.documents) +
         ", \"imagestreams\": " + std::to_string(s.imagestreams) + ", \"valid\": " + std::to_string(s.valid) +
         ", \"invalid\": " + std::to_string(s.invalid) + ", \"errors\": " + std::to_string(s.errors) +
         ", \"warnings\": " + std::to_string(s.warnings) + ", \"skipped\": " + std::to_string(s.skipped) +
         ", \"unreadable\": " + std::to_string(s.io_errors) + "}}\n";
}

}  // namespace

void write_output(const std::vector<FileResult> &files, const OutputOptions &o, std::string &out) {
  switch (o.format) {
    case Format::Json: json(files, o, out); break;
    default: text(files, o, out); break;
  }
}

}  // namespace cli
