-- wrk script: POSTs the AdmissionReviews of REVIEWS (one JSON review per
-- line, see make_reviews.py) to /validate, cycling through them, and checks
-- that every answer is an AdmissionReview.
--
-- RATE (requests per second over all threads, 0 = as fast as possible) with
-- THREADS (= wrk -t) paces the requests: each thread sends on a fixed
-- schedule (request n is due at start + n/rate), using delay(). Latency is
-- still measured from the actual send (no coordinated-omission correction
-- as wrk2 would do); the runner reports the rate reached.
local ffi = require("ffi")
ffi.cdef [[
typedef long isc_time_t;
struct isc_timespec { isc_time_t tv_sec; long tv_nsec; };
int clock_gettime(int clk_id, struct isc_timespec *tp);
]]
local ts = ffi.new("struct isc_timespec[1]")
local function now_ms()
  ffi.C.clock_gettime(1, ts) -- CLOCK_MONOTONIC
  return tonumber(ts[0].tv_sec) * 1000 + tonumber(ts[0].tv_nsec) / 1e6
end

local threads = {}
local thread_count = 0

function setup(thread)
  thread_count = thread_count + 1
  thread:set("thread_id", thread_count)
  table.insert(threads, thread)
end

function init(args)
  bodies = {}
  for line in io.lines(os.getenv("REVIEWS") or "reviews.jsonl") do
    bodies[#bodies + 1] = line
  end
  -- Threads start at different places of the list.
  index = ((thread_id or 1) - 1) * math.floor(#bodies / 4)
  local rate = tonumber(os.getenv("RATE") or "0")
  local nthreads = tonumber(os.getenv("THREADS") or "1")
  interval = rate > 0 and (1000 * nthreads / rate) or 0
  start = nil
  scheduled = 0
  bad = 0
  answered = 0
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
end

function request()
  index = index % #bodies + 1
  return wrk.format(nil, "/validate", nil, bodies[index])
end

function delay()
  if interval == 0 then return 0 end
  local t = now_ms()
  if not start then start = t end
  local due = start + scheduled * interval
  scheduled = scheduled + 1
  if due <= t then return 0 end
  return math.floor(due - t + 0.5)
end

local prefix = '{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","response":{"uid":"bench-'

function response(status, headers, body)
  answered = answered + 1
  if status ~= 200 or body:sub(1, #prefix) ~= prefix then
    bad = bad + 1
  end
end

function done(summary, latency, requests)
  local bad_total, answered_total = 0, 0
  for _, t in ipairs(threads) do
    bad_total = bad_total + (t:get("bad") or 0)
    answered_total = answered_total + (t:get("answered") or 0)
  end
  local e = summary.errors
  local seconds = summary.duration / 1e6
  io.write(string.format(
    'RESULT {"requests":%d,"seconds":%.3f,"rps":%.1f,"bytes":%d,' ..
    '"p50_ms":%.3f,"p90_ms":%.3f,"p99_ms":%.3f,"p999_ms":%.3f,"max_ms":%.3f,"mean_ms":%.3f,' ..
    '"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d,"bad_answer":%d},"answered":%d}\n',
    summary.requests, seconds, summary.requests / seconds, summary.bytes,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency:percentile(99.9) / 1000, latency.max / 1000, latency.mean / 1000,
    e.connect, e.read, e.write, e.status, e.timeout, bad_total, answered_total))
end
