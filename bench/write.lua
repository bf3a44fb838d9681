-- The write mix: JSON merge patches of figures' notes (each one a real write: the note
-- changes every time), over the seeded figures, with a write token.
local counter = 0
request = function()
  counter = counter + 1
  local id = (counter % 50) + 1
  local body = string.format('{"notes": "benchmark write %d"}', counter)
  return wrk.format("PATCH", "/api/v1/figures/" .. id, {
    ["Authorization"] = "Bearer " .. os.getenv("BENCH_TOKEN"),
    ["Content-Type"] = "application/merge-patch+json",
  }, body)
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
