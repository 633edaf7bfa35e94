// Shared declarations of the isconform command-line tool.
#ifndef ISC_TOOLS_CLI_HH
#define ISC_TOOLS_CLI_HH

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "isconform/isconform.h"

namespace cli {

// Exit codes.
inline constexpr int kExitValid = 0;
inline constexpr int kExitInvalid = 1;
inline constexpr int kExitUsage = 2;

// ---- util.cc
bool read_file(const std::string &path, std::string &out, std::string &err);  // "-" = stdin

// File paths in order, front-coded: each path is stored as the length it
// shares with the one before and the rest, with a full path every kBlock
// entries. Sorted paths from a directory walk share most of their bytes, so a
// run over many files keeps about 25 bytes per file instead of a string
// object each.
class PathList {
 public:
  void push_back(std::string_view path);
  size_t size() const { return count_; }
  std::string operator[](size_t i) const;  // the i-th path
  void shrink_to_fit() {
    text_.shrink_to_fit();
    blocks_.shrink_to_fit();
  }

 private:
  static constexpr size_t kBlock = 16;
  std::string text_;            // per path: varint shared, varint rest, the rest's bytes
  std::vector<size_t> blocks_;  // offset in text_ of paths 0, kBlock, 2 * kBlock, ...
  std::string last_;            // the path pushed last
  size_t count_ = 0;
};

// Expands directories recursively into *.json, *.yaml, *.yml files (sorted),
// skipping paths that match any exclude glob. Returns false on I/O errors.
bool expand_inputs(const std::vector<std::string> &args, const std::vector<std::string> &excludes, PathList &files,
                   std::string &err);
bool glob_match(const std::string &pattern, const std::string &path);
void json_str(std::string &out, const std::string &s);
bool stderr_is_tty();
bool stdout_is_tty();

// ---- output.cc
struct Finding {
  isc_severity severity;
  std::string field, type, message, rule;
  uint32_t line, column;
};

struct Result {
  std::string file;
  size_t document = 0;
  std::string object, api_version, kind, ns, name;
  bool valid = true;
  std::vector<Finding> findings;
  std::string normalized;  // raw JSON, "" when none
  bool is_input_problem = false;  // an entry for the input itself (kind "")
};

struct FileResult {
  std::string file;
  bool io_error = false;
  std::string io_message;
  std::vector<Result> results;
  size_t documents = 0;
  size_t skipped = 0;
  bool needs_second_pass = false;  // open world: an unresolved reference to re-check
};

struct Summary {
  size_t files = 0, documents = 0, imagestreams = 0, valid = 0, invalid = 0, errors = 0, warnings = 0,
         skipped = 0, io_errors = 0;
};

enum class Format { Text, Json, Sarif, Junit };

struct OutputOptions {
  Format format = Format::Text;
  bool color = false;
  bool normalized = false;
  bool summary = false;
  bool quiet = false;  // text: errors only
};

void add_to_summary(Summary &s, const FileResult &f);
Summary summarize(const std::vector<FileResult> &files);

// The output of `isconform check`, file by file in input order: begin() once,
// then add() of each file's render() (render() may run on any thread, it
// depends on nothing before it), then end() with the totals. Text, JSON and
// SARIF stream; JUnit holds its test cases, since its header has the totals.
class OutputWriter {
 public:
  explicit OutputWriter(const OutputOptions &o) : o_(o) {}
  void begin(std::string &out);
  void render(const FileResult &f, std::string &chunk) const;
  void add(std::string_view chunk, std::string &out);
  void end(const Summary &s, std::string &out);

 private:
  OutputOptions o_;
  bool any_ = false;  // an entry was written (JSON and SARIF separate entries with ",")
  std::string held_;  // JUnit test cases
};

// All at once, for callers that have every result.
void write_output(const std::vector<FileResult> &files, const OutputOptions &o, std::string &out);

// ---- check.cc
int cmd_check(int argc, char **argv);
int cmd_schema(int argc, char **argv);
int cmd_rules(int argc, char **argv);

// Command-line options given as "--opt VALUE" or "--opt=VALUE".
bool is_option(const std::string &arg, const char *name);
// Takes the value of such an option at argv[i] (advancing i past a separate
// value); false when argv[i] is not `name` or the value is missing.
bool option_value(int argc, char **argv, int &i, const char *name, std::string &out);
int cmd_diff_generations(int argc, char **argv);

// ---- request.cc
bool request_mode(int argc, char **argv);  // check with --patch, --kind or --response
int cmd_check_request(int argc, char **argv);
int cmd_request(int argc, char **argv);

}  // namespace cli

#endif  // ISC_TOOLS_CLI_HH
