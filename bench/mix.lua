-- The read mix: the main answers in turn, each of wrk's threads rotating its requests over them
-- (every request with the Accept-Encoding given to wrk with -H). Prints the run's figures as one JSON
-- line, as report.lua does.
local paths = {
  "/api/v1/editions/2025/figures",
  "/editions/2025",
  "/api/v1/figures?limit=500",
  "/api/v1/series/participants",
  "/api/v1/editions",
}
local counter = 0
local threads = 0

setup = function(thread)
  -- Threads start at different places in the list, so the first requests are spread too.
  thread:set("offset", threads)
  threads = threads + 1
end

init = function(args)
  counter = offset or 0
end

request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter % #paths) + 1])
end

done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.status + summary.errors.timeout
  io.write(string.format(
    '{"rps": %.1f, "p50_ms": %.3f, "p99_ms": %.3f, "requests": %d, "errors": %d}\n',
    summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.requests, errors))
end
