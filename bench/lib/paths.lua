-- wrk script: cycle through the request paths of a file (one per line), each thread from its own offset,
-- and print one machine-readable RESULT line at the end.
-- usage: wrk ... -s paths.lua URL -- PATHS_FILE
local threads = {}
local n = 0

function setup(thread)
  n = n + 1
  thread:set("offset", n * 7919)
  table.insert(threads, thread)
end

local paths = {}
local i = 0

function init(args)
  for line in io.lines(args[1]) do
    if #line > 0 then paths[#paths + 1] = line end
  end
  i = (offset or 0) % #paths
end

function request()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end

function done(summary, latency, requests)
  io.write(string.format(
    "RESULT requests=%d duration_us=%d bytes=%d p50_us=%d p99_us=%d connect_err=%d read_err=%d write_err=%d timeouts=%d non2xx=%d\n",
    summary.requests, summary.duration, summary.bytes, latency:percentile(50), latency:percentile(99),
    summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.timeout, summary.errors.status))
end
