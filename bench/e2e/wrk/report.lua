-- Appended by bench/e2e/run to the request hawk-bench-e2e prints (--print-request lua): wrk then
-- sends hawk's exact request bytes, and this prints one JSON line at the end (latencies in
-- microseconds, as hawk-bench-e2e reports them).
done = function(summary, latency, requests)
    local e = summary.errors
    local errors = e.connect + e.read + e.write + e.status + e.timeout
    local seconds = summary.duration / 1e6
    io.write(string.format(
        '{"tool":"wrk","calls":%d,"seconds":%.3f,"calls_per_s":%.0f,"p50_us":%d,"p99_us":%d,' ..
        '"errors":%d,"status_errors":%d}\n',
        summary.requests, seconds, summary.requests / seconds, latency:percentile(50),
        latency:percentile(99), errors, e.status))
end
