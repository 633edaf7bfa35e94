// Inputs shared by the benchmarks: synthetic ImageStreams of a given size,
// the real-world corpus and the bundled samples.
#ifndef ISC_BENCH_BENCH_UTIL_HH
#define ISC_BENCH_BENCH_UTIL_HH

#include <cstddef>  // size_t
#include <string>   // string
#include <vector>   // vector

namespace isc::bench {

enum class Format { Json, Yaml };

// An ImageStream with `tags` spec tags, each with annotations, a DockerImage
// source, an import policy and a reference policy. Valid: the server accepts
// it. Invalid: every tag has referencePolicy.type "Sometimes" (one S6 error
// per tag), so every stage still runs to the end.
std::string synthetic_image_stream(int tags, bool valid, Format format);

// A named input.
struct Input {
  std::string name;
  std::string bytes;
};

// Every ImageStream object of every *.json file of the corpus
// (ISC_BENCH_CORPUS, else the build-time default ../shared/corpus/real), as
// bench/peers/extract.py extracts them: top level, List/ImageStreamList items
// and Template objects, legacy apiVersion "v1" upgraded to
// "image.openshift.io/v1", re-serialized with a two-space indent. Empty when
// the corpus is absent. Loaded once.
const std::vector<Input> &corpus_image_streams();
// The corpus folder used ("" when absent).
const std::string &corpus_dir();

// The bundled samples/ files (JSON and YAML), whole.
const std::vector<Input> &sample_files();
// The ImageStreams of the JSON samples, extracted as for the corpus.
const std::vector<Input> &sample_image_streams();

// An adversarial pull spec of about n bytes, built to make a backtracking
// regular expression explode: shape 0 "a-a-...-a!", 1 "a.a.../!", 2
// "a__a__...:" (empty tag), 3 "aaa...@sha256:0123" (short digest).
std::string hostile_pull_spec(int shape, size_t n);

// Whole file, or "" when it cannot be read.
std::string read_file(const std::string &path);

}  // namespace isc::bench

#endif  // ISC_BENCH_BENCH_UTIL_HH
