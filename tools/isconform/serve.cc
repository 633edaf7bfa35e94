// `isconform serve`: the ImageStream validating admission webhook over HTTPS.
// Built into its own executable, isconform-serve, so that the other commands
// do not load cpp-httplib and OpenSSL (`isconform serve` execs it).
//
// One process, one immutable validator shared by a pool of connection
// threads (cpp-httplib). Global process state is limited to what a server
// needs: SIGPIPE ignored, and SIGTERM/SIGINT/SIGHUP blocked in every thread
// and taken by one signal thread (sigwait). Metrics live in the server object.
#include <cstdio>
#include <cstring>
#include <string>

#include "cli.hh"
#include "webhook.hh"


#include <httplib.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <pthread.h>
#include <signal.h>
#include <sys/stat.h>
#include <time.h>

#include <array>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace cli {

namespace {

const char kServeHelp[] =
    "usage: isconform serve --listen ADDR --tls-cert FILE --tls-key FILE [options]\n"
    "\n"
    "Runs the ImageStream validating admission webhook: POST /validate takes an\n"
    "AdmissionReview (admission.k8s.io/v1 or v1beta1) and answers it as the API server\n"
    "words its own 422s; GET /healthz, /readyz and /metrics (Prometheus text format).\n"
    "\n"
    "options:\n"
    "  --listen ADDR          host:port, :port or [v6]:port (default :8443; port 0 picks one)\n"
    "  --tls-cert FILE        PEM certificate (chain); reloaded when the file changes\n"
    "  --tls-key FILE         PEM private key; reloaded with the certificate\n"
    "  --plain-http           serve plain HTTP instead (local testing only; the API server\n"
    "                         requires HTTPS)\n"
    "  --environment FILE     server environment (JSON or YAML): allowedRegistriesForImport,\n"
    "                         internalRegistryHostname, externalRegistryHostname, defaultImportMode\n"
    "  --config FILE          rule severities and policy rules (JSON or YAML)\n"
    "  --log-level LEVEL      debug, info (default: one JSON line per review), warn or error\n"
    "  --max-body-bytes N     request body limit (default 3145728, the API server's own); larger: 413\n"
    "  --read-timeout SEC     per read, TLS handshake included (default 10)\n"
    "  --write-timeout SEC    per write (default 10)\n"
    "  --idle-timeout SEC     keep-alive connections idle longer are closed (default 10)\n"
    "  --threads N            connection threads (default 64; one per open connection)\n"
    "  --shutdown-delay SEC   on SIGTERM, answer /readyz with 503 for SEC seconds before closing\n"
    "                         the listener (default 0); in-flight requests always finish\n"
    "  --cert-check-interval SEC\n"
    "                         how often the certificate files are checked for changes\n"
    "                         (default 10; SIGHUP checks at once)\n"
    "  -h, --help             show this help\n";

enum Level { kDebug = 0, kInfo = 1, kWarn = 2, kError = 3 };

const char *level_name(int l) {
  static const char *const kNames[] = {"debug", "info", "warn", "error"};
  return kNames[l];
}

struct ServeOptions {
  std::string listen = ":8443";
  std::string cert, key;
  bool plain_http = false;
  std::string environment, config;
  int log_level = kInfo;
  size_t max_body = 3 * 1024 * 1024;
  int read_timeout = 10, write_timeout = 10, idle_timeout = 10;
  int threads = 64;
  int shutdown_delay = 0;
  int cert_check_interval = 10;
};

// ---------------------------------------------------------------- logging

void append_json(std::string &out, std::string_view s) {
  static const char kHex[] = "0123456789abcdef";
  out.push_back('"');
  for (unsigned char c : s) {
    if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(static_cast<char>(c));
    } else if (c < 0x20) {
      out += "\\u00";
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    } else {
      out.push_back(static_cast<char>(c));
    }
  }
  out.push_back('"');
}

std::string now_rfc3339() {
  timespec ts{};
  clock_gettime(CLOCK_REALTIME, &ts);
  tm t{};
  gmtime_r(&ts.tv_sec, &t);
  char buf[96];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", t.tm_year + 1900, t.tm_mon + 1, t.tm_mday,
                t.tm_hour, t.tm_min, t.tm_sec, static_cast<int>((ts.tv_nsec / 1000000) % 1000));
  return buf;
}

// One JSON object per line on stderr; lines never interleave.
class Log {
 public:
  explicit Log(int level) : level_(level) {}
  [[nodiscard]] bool on(int level) const { return level >= level_; }

  // `fields` is a JSON member list (",\"k\":v..." ) or "".
  void write(int level, std::string_view msg, std::string_view fields = {}) {
    if (!on(level)) return;
    std::string line = "{\"time\":\"" + now_rfc3339() + "\",\"level\":\"" + level_name(level) + "\",\"msg\":";
    append_json(line, msg);
    line.append(fields);
    line += "}\n";
    std::lock_guard<std::mutex> lk(mu_);
    std::fwrite(line.data(), 1, line.size(), stderr);
    std::fflush(stderr);
  }

 private:
  int level_;
  std::mutex mu_;
};

// ---------------------------------------------------------------- metrics

class Metrics {
 public:
  static constexpr std::array<double, 14> kBuckets = {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01,
                                                      0.025,  0.05,    0.1,    0.25,  0.5,    1.0,   2.5};
  enum Outcome { kAllowed, kDenied, kRejected, kError, kOutcomes };

  std::atomic<int64_t> in_flight{0};
  std::atomic<uint64_t> cert_reloads_ok{0}, cert_reloads_failed{0};
  std::atomic<int64_t> cert_not_after{0};

  void observe(double seconds) {
    size_t i = 0;
    while (i < kBuckets.size() && seconds > kBuckets[i]) ++i;
    buckets_[i].fetch_add(1, std::memory_order_relaxed);
    sum_ns_.fetch_add(static_cast<uint64_t>(seconds * 1e9), std::memory_order_relaxed);
  }
  void count_outcome(Outcome o) { outcomes_[o].fetch_add(1, std::memory_order_relaxed); }
  void count_http(int code) {
    if (code >= 100 && code < 600) http_[static_cast<size_t>(code)].fetch_add(1, std::memory_order_relaxed);
  }

  [[nodiscard]] std::string render() const {
    static const char *const kOutcomeNames[] = {"allowed", "denied", "rejected", "error"};
    std::string o;
    o += "# HELP isconform_admission_requests_total AdmissionReview requests answered, by outcome "
         "(allowed, denied: 422, rejected: 400, error: not answered with a review).\n"
         "# TYPE isconform_admission_requests_total counter\n";
    for (int i = 0; i < kOutcomes; ++i)
      o += std::string("isconform_admission_requests_total{outcome=\"") + kOutcomeNames[i] + "\"} " +
           std::to_string(outcomes_[i].load()) + "\n";
    o += "# HELP isconform_admission_request_duration_seconds Time to answer one AdmissionReview, from the "
         "request body read to the answer ready.\n"
         "# TYPE isconform_admission_request_duration_seconds histogram\n";
    uint64_t cumulative = 0;
    char num[64];
    for (size_t i = 0; i <= kBuckets.size(); ++i) {
      cumulative += buckets_[i].load();
      if (i < kBuckets.size()) std::snprintf(num, sizeof num, "%g", kBuckets[i]);
      o += std::string("isconform_admission_request_duration_seconds_bucket{le=\"") +
           (i < kBuckets.size() ? num : "+Inf") + "\"} " + std::to_string(cumulative) + "\n";
    }
    std::snprintf(num, sizeof num, "%.9f", static_cast<double>(sum_ns_.load()) / 1e9);
    o += std::string("isconform_admission_request_duration_seconds_sum ") + num + "\n";
    o += "isconform_admission_request_duration_seconds_count " + std::to_string(cumulative) + "\n";
    o += "# HELP isconform_admission_requests_in_flight AdmissionReview requests being answered.\n"
         "# TYPE isconform_admission_requests_in_flight gauge\n"
         "isconform_admission_requests_in_flight " +
         std::to_string(in_flight.load()) + "\n";
    o += "# HELP isconform_http_responses_total HTTP responses by status code.\n"
         "# TYPE isconform_http_responses_total counter\n";
    for (size_t c = 100; c < http_.size(); ++c) {
      uint64_t n = http_[c].load();
      if (n) o += "isconform_http_responses_total{code=\"" + std::to_string(c) + "\"} " + std::to_string(n) + "\n";
    }
    o += "# HELP isconform_tls_certificate_reloads_total Certificate reloads after the files changed, by result.\n"
         "# TYPE isconform_tls_certificate_reloads_total counter\n"
         "isconform_tls_certificate_reloads_total{result=\"success\"} " +
         std::to_string(cert_reloads_ok.load()) +
         "\n"
         "isconform_tls_certificate_reloads_total{result=\"failure\"} " +
         std::to_string(cert_reloads_failed.load()) + "\n";
    o += "# HELP isconform_tls_certificate_not_after_seconds Expiry of the serving certificate (Unix time).\n"
         "# TYPE isconform_tls_certificate_not_after_seconds gauge\n"
         "isconform_tls_certificate_not_after_seconds " +
         std::to_string(cert_not_after.load()) + "\n";
    o += "# HELP isconform_build_info The isconform version serving.\n"
         "# TYPE isconform_build_info gauge\n"
         "isconform_build_info{version=\"" +
         std::string(isc_version()) + "\"} 1\n";
    return o;
  }

 private:
  std::array<std::atomic<uint64_t>, kBuckets.size() + 1> buckets_{};
  std::atomic<uint64_t> sum_ns_{0};
  std::array<std::atomic<uint64_t>, kOutcomes> outcomes_{};
  std::array<std::atomic<uint64_t>, 600> http_{};
};

// ---------------------------------------------------------------- TLS

// A certificate chain and its key, as handed to each handshake.
struct KeyPair {
  X509 *cert = nullptr;
  STACK_OF(X509) *chain = nullptr;
  EVP_PKEY *key = nullptr;
  int64_t not_after = 0;
  std::string subject;
  KeyPair() = default;
  KeyPair(const KeyPair &) = delete;
  KeyPair &operator=(const KeyPair &) = delete;
  ~KeyPair() {
    X509_free(cert);
    if (chain) sk_X509_pop_free(chain, X509_free);
    EVP_PKEY_free(key);
  }
};

std::string openssl_error() {
  unsigned long e = ERR_get_error();
  if (!e) return "unknown error";
  char buf[256];
  ERR_error_string_n(e, buf, sizeof buf);
  ERR_clear_error();
  return buf;
}

std::shared_ptr<KeyPair> load_key_pair(const std::string &cert_file, const std::string &key_file, std::string &err) {
  auto kp = std::make_shared<KeyPair>();
  std::string pem, key_pem;
  if (!read_file(cert_file, pem, err) || !read_file(key_file, key_pem, err)) return nullptr;
  BIO *b = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
  kp->cert = b ? PEM_read_bio_X509(b, nullptr, nullptr, nullptr) : nullptr;
  if (!kp->cert) {
    BIO_free(b);
    err = cert_file + ": no PEM certificate: " + openssl_error();
    return nullptr;
  }
  kp->chain = sk_X509_new_null();
  while (X509 *c = PEM_read_bio_X509(b, nullptr, nullptr, nullptr)) sk_X509_push(kp->chain, c);
  ERR_clear_error();  // the end of the file
  BIO_free(b);
  b = BIO_new_mem_buf(key_pem.data(), static_cast<int>(key_pem.size()));
  kp->key = b ? PEM_read_bio_PrivateKey(b, nullptr, nullptr, nullptr) : nullptr;
  BIO_free(b);
  if (!kp->key) {
    err = key_file + ": no PEM private key: " + openssl_error();
    return nullptr;
  }
  if (X509_check_private_key(kp->cert, kp->key) != 1) {
    ERR_clear_error();
    err = key_file + ": the private key does not match the certificate " + cert_file;
    return nullptr;
  }
  tm t{};
  if (ASN1_TIME_to_tm(X509_get0_notAfter(kp->cert), &t) == 1) kp->not_after = timegm(&t);
  char name[512];
  X509_NAME_oneline(X509_get_subject_name(kp->cert), name, sizeof name);
  kp->subject = name;
  return kp;
}

// What identifies a file's content for change detection.
struct Stamp {
  dev_t dev = 0;
  ino_t ino = 0;
  off_t size = -1;
  int64_t mtime_ns = 0;
  bool operator==(const Stamp &o) const {
    return dev == o.dev && ino == o.ino && size == o.size && mtime_ns == o.mtime_ns;
  }
};

Stamp stamp_of(const std::string &path) {
  Stamp s;
  struct stat st;
  if (stat(path.c_str(), &st) == 0) {
    s.dev = st.st_dev;
    s.ino = st.st_ino;
    s.size = st.st_size;
    s.mtime_ns = static_cast<int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
  }
  return s;
}

// ---------------------------------------------------------------- server

std::string status_json(int code, const char *reason, std::string_view message) {
  std::string s = "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\",\"message\":";
  append_json(s, message);
  s += ",\"reason\":\"";
  s += reason;
  s += "\",\"code\":" + std::to_string(code) + "}";
  return s;
}

// The uid of one of our answers, as its JSON string token ("" when none).
std::string_view answer_uid(const std::string &body) {
  static constexpr std::string_view kKey = "\"response\":{\"uid\":\"";
  size_t at = body.find(kKey);
  if (at == std::string::npos) return {};
  size_t begin = at + kKey.size() - 1, i = begin + 1;
  while (i < body.size() && body[i] != '"') i += body[i] == '\\' ? 2 : 1;
  return i < body.size() ? std::string_view(body).substr(begin, i + 1 - begin) : std::string_view();
}

bool parse_listen(const std::string &addr, std::string &host, int &port) {
  size_t colon = addr.rfind(':');
  if (colon == std::string::npos) return false;
  host = addr.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  if (host.empty()) host = "0.0.0.0";
  std::string p = addr.substr(colon + 1);
  char *end = nullptr;
  long n = std::strtol(p.c_str(), &end, 10);
  if (p.empty() || !end || *end || n < 0 || n > 65535) return false;
  port = static_cast<int>(n);
  return true;
}

class WebhookServer {
 public:
  WebhookServer(const ServeOptions &o, isc_validator *v) : o_(o), v_(v), log_(o.log_level) {}

  int run() {
    // Signals: blocked here, before any thread exists, so that every thread
    // inherits the mask and only the signal thread takes them.
    signal(SIGPIPE, SIG_IGN);
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGHUP);
    pthread_sigmask(SIG_BLOCK, &set, nullptr);

    if (o_.plain_http) {
      svr_ = std::make_unique<httplib::Server>();
    } else {
      std::string err;
      auto kp = load_key_pair(o_.cert, o_.key, err);
      if (!kp) {
        log_.write(kError, "cannot load the TLS certificate", ",\"error\":" + json(err));
        return kExitUsage;
      }
      set_key_pair(std::move(kp));
      cert_stamp_ = stamp_of(o_.cert);
      key_stamp_ = stamp_of(o_.key);
      svr_ = std::make_unique<httplib::SSLServer>([this](SSL_CTX &ctx) { return setup_tls(ctx); });
    }
    if (!svr_->is_valid()) {
      log_.write(kError, "cannot set up the server (TLS context)", ",\"error\":" + json(openssl_error()));
      return kExitUsage;
    }
    configure();
    std::string host;
    int port = 0;
    if (!parse_listen(o_.listen, host, port)) {
      log_.write(kError, "bad --listen address", ",\"address\":" + json(o_.listen));
      return kExitUsage;
    }
    if (port == 0) {
      port = svr_->bind_to_any_port(host);
      if (port <= 0) {
        log_.write(kError, "cannot listen", ",\"address\":" + json(o_.listen) + ",\"error\":" + json(strerror(errno)));
        return kExitUsage;
      }
    } else if (!svr_->bind_to_port(host, port)) {
      log_.write(kError, "cannot listen", ",\"address\":" + json(o_.listen) + ",\"error\":" + json(strerror(errno)));
      return kExitUsage;
    }
    std::string shown = (host.find(':') != std::string::npos ? "[" + host + "]" : host) + ":" + std::to_string(port);
    log_.write(kInfo, "listening",
               ",\"address\":" + json(shown) + ",\"tls\":" + (o_.plain_http ? "false" : "true") +
                   ",\"version\":" + json(isc_version()));

    std::thread signals([this, set] { signal_loop(set); });
    std::thread watcher;
    if (!o_.plain_http && o_.cert_check_interval > 0) watcher = std::thread([this] { watch_loop(); });
    ready_ = true;
    bool ok = svr_->listen_after_bind();
    {
      std::lock_guard<std::mutex> lk(mu_);
      done_ = true;
    }
    cv_.notify_all();
    if (!stopping_) pthread_kill(signals.native_handle(), SIGTERM);  // wake the signal thread
    signals.join();
    if (watcher.joinable()) watcher.join();
    log_.write(kInfo, "stopped", std::string(",\"clean\":") + (ok || stopping_ ? "true" : "false"));
    return ok || stopping_ ? kExitValid : kExitInvalid;
  }

 private:
  static std::string json(std::string_view s) {
    std::string o;
    append_json(o, s);
    return o;
  }

  bool setup_tls(SSL_CTX &ctx) {
    if (SSL_CTX_set_min_proto_version(&ctx, TLS1_2_VERSION) != 1) return false;
    SSL_CTX_set_options(&ctx, SSL_OP_NO_COMPRESSION | SSL_OP_NO_RENEGOTIATION | SSL_OP_CIPHER_SERVER_PREFERENCE);
    // TLS 1.2: forward-secret AEAD suites only (TLS 1.3 suites are all fine).
    if (SSL_CTX_set_cipher_list(&ctx,
                                "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:"
                                "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:"
                                "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305") != 1)
      return false;
    SSL_CTX_set_cert_cb(&ctx, &WebhookServer::cert_cb, this);
    return true;
  }

  // Each handshake takes the current certificate, so a reload applies to
  // new connections at once and never disturbs open ones.
  static int cert_cb(SSL *ssl, void *arg) {
    auto *self = static_cast<WebhookServer *>(arg);
    std::shared_ptr<KeyPair> kp = self->key_pair();
    if (!kp) return 0;
    return SSL_use_cert_and_key(ssl, kp->cert, kp->key, kp->chain, 1) == 1 ? 1 : 0;
  }

  std::shared_ptr<KeyPair> key_pair() {
    std::lock_guard<std::mutex> lk(kp_mu_);
    return kp_;
  }

  void set_key_pair(std::shared_ptr<KeyPair> kp) {
    metrics_.cert_not_after = kp->not_after;
    std::lock_guard<std::mutex> lk(kp_mu_);
    kp_ = std::move(kp);
  }

  // Reloads the certificate when its files changed (or always when forced).
  void check_certificate(bool forced) {
    Stamp c = stamp_of(o_.cert), k = stamp_of(o_.key);
    if (!forced && c == cert_stamp_ && k == key_stamp_) return;
    if (!forced && c == failed_cert_stamp_ && k == failed_key_stamp_) return;  // already reported
    std::string err;
    auto kp = load_key_pair(o_.cert, o_.key, err);
    if (!kp) {
      // Half-written files (key before certificate) fail too: kept, retried
      // at the next change.
      failed_cert_stamp_ = c;
      failed_key_stamp_ = k;
      metrics_.cert_reloads_failed++;
      log_.write(kError, "certificate reload failed; serving the previous certificate", ",\"error\":" + json(err));
      return;
    }
    std::string fields = ",\"subject\":" + json(kp->subject) + ",\"not_after\":" + std::to_string(kp->not_after);
    set_key_pair(std::move(kp));
    cert_stamp_ = c;
    key_stamp_ = k;
    metrics_.cert_reloads_ok++;
    log_.write(kInfo, "certificate reloaded", fields);
  }

  void watch_loop() {
    std::unique_lock<std::mutex> lk(mu_);
    while (!done_) {
      cv_.wait_for(lk, std::chrono::seconds(o_.cert_check_interval));
      if (done_) break;
      lk.unlock();
      {
        std::lock_guard<std::mutex> g(reload_mu_);
        check_certificate(false);
      }
      lk.lock();
    }
  }

  void signal_loop(sigset_t set) {
    for (;;) {
      int sig = 0;
      if (sigwait(&set, &sig) != 0) continue;
      {
        std::lock_guard<std::mutex> lk(mu_);
        if (done_) return;
      }
      if (sig == SIGHUP) {
        if (!o_.plain_http) {
          std::lock_guard<std::mutex> g(reload_mu_);
          check_certificate(true);
        }
        continue;
      }
      shutdown(sig);
      return;
    }
  }

  void shutdown(int sig) {
    stopping_ = true;
    ready_ = false;
    log_.write(kInfo, "shutting down", ",\"signal\":" + json(sig == SIGTERM ? "SIGTERM" : "SIGINT") +
                                           ",\"delay_seconds\":" + std::to_string(o_.shutdown_delay) +
                                           ",\"in_flight\":" + std::to_string(metrics_.in_flight.load()));
    if (o_.shutdown_delay > 0) {
      // Readiness fails first so that endpoints drop this pod before the
      // listener closes.
      std::unique_lock<std::mutex> lk(mu_);
      cv_.wait_for(lk, std::chrono::seconds(o_.shutdown_delay), [this] { return done_; });
    }
    // stop() acts only once the accept loop runs.
    for (;;) {
      {
        std::lock_guard<std::mutex> lk(mu_);
        if (done_) return;
      }
      if (svr_->is_running()) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    // Closes the listener; queued and running connections finish their
    // current request, then the thread pool drains and listen returns.
    svr_->stop();
  }

  void configure() {
    httplib::Server &s = *svr_;
    const int threads = o_.threads;
    s.new_task_queue = [threads] { return new httplib::ThreadPool(static_cast<size_t>(threads)); };
    s.set_tcp_nodelay(true);
    s.set_read_timeout(o_.read_timeout, 0);
    s.set_write_timeout(o_.write_timeout, 0);
    s.set_keep_alive_timeout(o_.idle_timeout);
    s.set_keep_alive_max_count(1000000);
    s.set_payload_max_length(o_.max_body);
    s.set_default_headers({{"Cache-Control", "no-store"}});

    // The body is read here, bounded: httplib checks payload_max_length
    // against Content-Length only, and would buffer a chunked body whole.
    s.Post("/validate", [this](const httplib::Request &req, httplib::Response &res,
                               const httplib::ContentReader &read) {
      std::string body;
      bool too_large = false;
      bool complete = read([&](const char *data, size_t len) {
        if (body.size() + len > o_.max_body) {
          too_large = true;
          return false;  // stop reading; the connection is closed after the answer
        }
        body.append(data, len);
        return true;
      });
      if (!complete) {  // too large (by Content-Length or as read), cut by a timeout, or malformed
        res.status = too_large || res.status == 413 ? 413 : 400;
        res.set_header("Connection", "close");
        return;
      }
      // httplib owns the (non-const) request; the body goes where the
      // handler and the access log read it.
      const_cast<httplib::Request &>(req).body = std::move(body);
      validate(req, res);
    });
    s.Get("/validate", [](const httplib::Request &, httplib::Response &res) {
      res.status = 405;
      res.set_header("Allow", "POST");
    });
    s.Get("/healthz", [](const httplib::Request &, httplib::Response &res) { res.set_content("ok\n", "text/plain"); });
    s.Get("/readyz", [this](const httplib::Request &, httplib::Response &res) {
      if (ready_) {
        res.set_content("ok\n", "text/plain");
      } else {
        res.status = 503;
        res.set_content("shutting down\n", "text/plain");
      }
    });
    s.Get("/metrics", [this](const httplib::Request &, httplib::Response &res) {
      res.set_content(metrics_.render(), "text/plain; version=0.0.4; charset=utf-8");
    });
    s.set_error_handler([this](const httplib::Request &req, httplib::Response &res) {
      if (!res.body.empty()) return;
      const char *reason = "BadRequest";
      std::string message;
      switch (res.status) {
        case 404: reason = "NotFound"; message = "no such path: " + req.path + " (POST /validate, GET /healthz, /readyz, /metrics)"; break;
        case 405: reason = "MethodNotAllowed"; message = req.method + " is not allowed on " + req.path; break;
        case 413:
          reason = "RequestEntityTooLarge";
          message = "the request body is larger than the limit of " + std::to_string(o_.max_body) + " bytes";
          break;
        case 500: reason = "InternalError"; message = "internal error"; break;
        case 503: reason = "ServiceUnavailable"; message = "shutting down"; break;
        default: message = "bad request"; break;
      }
      res.set_content(status_json(res.status, reason, message), "application/json");
    });
    s.set_exception_handler([](const httplib::Request &, httplib::Response &res, std::exception_ptr) {
      res.status = 500;
    });
    s.set_logger([this](const httplib::Request &req, const httplib::Response &res) { access_log(req, res); });
  }

  void validate(const httplib::Request &req, httplib::Response &res) {
    auto t0 = std::chrono::steady_clock::now();
    metrics_.in_flight++;
    if (req.body.size() > o_.max_body) {  // read bounded above; kept as a guard
      res.status = 413;
    } else {
      char *out = nullptr;
      size_t n = 0;
      isc_status st = isc_admission_review(v_, req.body.data(), req.body.size(), &out, &n);
      if (st == ISC_OK) {
        res.status = 200;
        res.set_content(out, n, "application/json");
      } else {
        res.status = 500;
        res.set_content(status_json(500, "InternalError", std::string("isc_admission_review: ") + isc_status_str(st)),
                        "application/json");
      }
      isc_string_free(out);
    }
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    metrics_.observe(secs);
    metrics_.in_flight--;
    char timing[64];
    std::snprintf(timing, sizeof timing, "validate;dur=%.3f", secs * 1000);
    res.set_header("Server-Timing", timing);
  }

  void access_log(const httplib::Request &req, const httplib::Response &res) {
    bool review = req.path == "/validate" && req.method == "POST";
    const char *outcome = nullptr;
    if (review) {
      outcome = res.status == 200 ? admission_outcome(res.body.data(), res.body.size()) : "error";
      metrics_.count_outcome(std::strcmp(outcome, "allowed") == 0    ? Metrics::kAllowed
                             : std::strcmp(outcome, "denied") == 0   ? Metrics::kDenied
                             : std::strcmp(outcome, "rejected") == 0 ? Metrics::kRejected
                                                                     : Metrics::kError);
    }
    metrics_.count_http(res.status);
    int level = res.status >= 500 ? kError : res.status >= 400 ? kWarn : review ? kInfo : kDebug;
    if (!log_.on(level)) return;
    std::string f = ",\"method\":" + json(req.method) + ",\"path\":" + json(req.path) +
                    ",\"status\":" + std::to_string(res.status);
    if (outcome) f += std::string(",\"outcome\":\"") + outcome + "\"";
    if (review) {
      std::string_view uid = answer_uid(res.body);
      if (!uid.empty()) {
        f += ",\"uid\":";
        f.append(uid);
      }
    }
    std::string timing = res.get_header_value("Server-Timing");
    size_t dur = timing.find("dur=");
    if (dur != std::string::npos) f += ",\"duration_ms\":" + timing.substr(dur + 4);
    f += ",\"remote\":" + json(req.remote_addr + ":" + std::to_string(req.remote_port));
    f += ",\"bytes_in\":" + std::to_string(req.body.size()) + ",\"bytes_out\":" + std::to_string(res.body.size());
    log_.write(level, "request", f);
  }

  ServeOptions o_;
  isc_validator *v_;
  Log log_;
  Metrics metrics_;
  std::unique_ptr<httplib::Server> svr_;
  std::atomic<bool> ready_{false};
  std::atomic<bool> stopping_{false};

  std::mutex mu_;  // done_, and the waits of the watcher and the shutdown delay
  std::condition_variable cv_;
  bool done_ = false;

  std::mutex kp_mu_;
  std::shared_ptr<KeyPair> kp_;
  std::mutex reload_mu_;  // one reload at a time (watcher, SIGHUP)
  Stamp cert_stamp_, key_stamp_, failed_cert_stamp_, failed_key_stamp_;
};

int serve_usage(const std::string &msg) {
  std::fprintf(stderr, "isconform serve: %s\nTry 'isconform serve --help'.\n", msg.c_str());
  return kExitUsage;
}

bool int_value(const std::string &s, long lo, long hi, long &out) {
  char *end = nullptr;
  long n = std::strtol(s.c_str(), &end, 10);
  if (s.empty() || !end || *end || n < lo || n > hi) return false;
  out = n;
  return true;
}

}  // namespace

int cmd_serve(int argc, char **argv) {
  ServeOptions o;
  for (int i = 0; i < argc; ++i) {
    std::string a = argv[i];
    std::string name = a, v;
    size_t eq = a.find('=');
    bool inline_value = a.rfind("--", 0) == 0 && eq != std::string::npos;
    if (inline_value) {
      name = a.substr(0, eq);
      v = a.substr(eq + 1);
    }
    auto value = [&](std::string &out) {
      if (inline_value) {
        out = v;
        return true;
      }
      if (i + 1 >= argc) return false;
      out = argv[++i];
      return true;
    };
    auto number = [&](long lo, long hi, long &out) {
      std::string s;
      return value(s) && int_value(s, lo, hi, out);
    };
    long n = 0;
    if (name == "-h" || name == "--help") {
      std::fputs(kServeHelp, stdout);
      return kExitValid;
    } else if (name == "--listen") {
      if (!value(o.listen)) return serve_usage("--listen needs an address");
    } else if (name == "--tls-cert") {
      if (!value(o.cert)) return serve_usage("--tls-cert needs a file");
    } else if (name == "--tls-key") {
      if (!value(o.key)) return serve_usage("--tls-key needs a file");
    } else if (name == "--plain-http") {
      o.plain_http = true;
    } else if (name == "--environment") {
      if (!value(o.environment)) return serve_usage("--environment needs a file");
    } else if (name == "--config") {
      if (!value(o.config)) return serve_usage("--config needs a file");
    } else if (name == "--log-level") {
      std::string l;
      if (!value(l)) return serve_usage("--log-level needs a value");
      if (l == "debug") o.log_level = kDebug;
      else if (l == "info") o.log_level = kInfo;
      else if (l == "warn" || l == "warning") o.log_level = kWarn;
      else if (l == "error") o.log_level = kError;
      else return serve_usage("--log-level must be debug, info, warn or error");
    } else if (name == "--max-body-bytes") {
      if (!number(1, 1L << 30, n)) return serve_usage("--max-body-bytes must be a number from 1 to 1073741824");
      o.max_body = static_cast<size_t>(n);
    } else if (name == "--read-timeout") {
      if (!number(1, 3600, n)) return serve_usage("--read-timeout must be 1 to 3600 seconds");
      o.read_timeout = static_cast<int>(n);
    } else if (name == "--write-timeout") {
      if (!number(1, 3600, n)) return serve_usage("--write-timeout must be 1 to 3600 seconds");
      o.write_timeout = static_cast<int>(n);
    } else if (name == "--idle-timeout") {
      if (!number(1, 3600, n)) return serve_usage("--idle-timeout must be 1 to 3600 seconds");
      o.idle_timeout = static_cast<int>(n);
    } else if (name == "--threads") {
      if (!number(1, 4096, n)) return serve_usage("--threads must be 1 to 4096");
      o.threads = static_cast<int>(n);
    } else if (name == "--shutdown-delay") {
      if (!number(0, 3600, n)) return serve_usage("--shutdown-delay must be 0 to 3600 seconds");
      o.shutdown_delay = static_cast<int>(n);
    } else if (name == "--cert-check-interval") {
      if (!number(0, 86400, n)) return serve_usage("--cert-check-interval must be 0 to 86400 seconds");
      o.cert_check_interval = static_cast<int>(n);
    } else {
      return serve_usage("unknown option " + a);
    }
  }
  if (!o.plain_http && (o.cert.empty() || o.key.empty()))
    return serve_usage("--tls-cert and --tls-key are required (or --plain-http for local testing)");
  std::string err;
  isc_validator *v = make_webhook_validator(o.environment, o.config, err);
  if (!v) {
    std::fprintf(stderr, "isconform serve: %s\n", err.c_str());
    return kExitUsage;
  }
  int rc;
  {
    WebhookServer server(o, v);
    rc = server.run();
  }
  isc_validator_free(v);
  return rc;
}

}  // namespace cli

