-- wrk script for scripts/bench_load.sh: one summary line per run.
done = function(summary, latency, requests)
  local e = summary.errors
  local seconds = summary.duration / 1e6
  io.write(string.format(
    "RESULT requests=%d rps=%.1f lat_avg_ms=%.1f lat_p50_ms=%.1f lat_p99_ms=%.1f lat_max_ms=%.1f " ..
    "errors_connect=%d errors_read=%d errors_write=%d errors_status=%d timeouts=%d\n",
    summary.requests, summary.requests / seconds, latency.mean / 1000,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    e.connect, e.read, e.write, e.status, e.timeout))
end
