// The AWS SDK for JavaScript v3 peer of hawk-bench-e2e: the same SendMessage calls, C in flight
// (each completion starts the next), against the same endpoint; prints one JSON line.
//
//   node load.mjs --url URL [--calls N] [--concurrency C] [--warmup N] [--label TEXT]
//
// Run from a folder where `npm install @aws-sdk/client-connectparticipant` was done (bench/e2e/run
// copies it there). The client is the SDK's default: its NodeHttpHandler with a keep-alive agent
// (maxSockets 50). HTTPS trusts the test CA through NODE_EXTRA_CA_CERTS. The SDK signs every
// ConnectParticipant operation with SigV4 (its model has no anonymous auth), so it needs
// credentials: bench/e2e/run gives it dummy ones in the environment, as a user would have real
// ones.

import { ConnectParticipantClient, SendMessageCommand } from "@aws-sdk/client-connectparticipant";
import { readFileSync } from "node:fs";

function parseArgs(argv) {
    const o = { url: "", calls: 100000, concurrency: 64, warmup: 2000, label: "" };
    for (let i = 0; i < argv.length; ++i) {
        const arg = argv[i];
        const value = () => {
            if (i + 1 >= argv.length) throw new Error(`${arg} needs a value`);
            return argv[++i];
        };
        if (arg === "--url") o.url = value();
        else if (arg === "--calls") o.calls = Number(value());
        else if (arg === "--concurrency") o.concurrency = Number(value());
        else if (arg === "--warmup") o.warmup = Number(value());
        else if (arg === "--label") o.label = value();
        else throw new Error(`unknown option ${arg}`);
    }
    if (!o.url) throw new Error("--url is required");
    return o;
}

const o = parseArgs(process.argv.slice(2));
const client = new ConnectParticipantClient({ region: "us-east-1", endpoint: o.url });
const input = {
    ContentType: "text/plain",
    Content: "Hello! I have a question about my order.",
    ConnectionToken: "bench-connection-token-0123456789abcdef",
    // ClientToken left unset: the SDK generates one per call.
};

let errors = 0;
let firstError = "";

// Runs `calls` calls, `concurrency` at a time; latencies (microseconds) go into `samples`.
async function phase(calls, concurrency, samples) {
    let started = 0;
    let completed = 0;
    async function lane() {
        while (started < calls) {
            started++;
            const t0 = process.hrtime.bigint();
            try {
                const r = await client.send(new SendMessageCommand(input));
                if (!r.Id) throw new Error("response without Id");
            } catch (e) {
                if (errors++ === 0) firstError = String(e && e.message ? e.message : e);
            }
            const us = Number((process.hrtime.bigint() - t0) / 1000n);
            if (samples) samples[completed] = us;
            completed++;
        }
    }
    const lanes = [];
    for (let i = 0; i < Math.min(concurrency, calls); ++i) lanes.push(lane());
    await Promise.all(lanes);
}

function percentile(sorted, p) {
    if (sorted.length === 0) return 0;
    return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

let version = "";
try {
    const pkg = new URL("./node_modules/@aws-sdk/client-connectparticipant/package.json", import.meta.url);
    version = JSON.parse(readFileSync(pkg, "utf8")).version;
} catch {
    version = "";
}

if (o.warmup > 0) await phase(o.warmup, o.concurrency, null);
const samples = new Float64Array(o.calls);
const cpuStart = process.cpuUsage();
const start = process.hrtime.bigint();
await phase(o.calls, o.concurrency, samples);
const seconds = Number(process.hrtime.bigint() - start) / 1e9;
const cpu = process.cpuUsage(cpuStart); // microseconds, user and system
samples.sort();
client.destroy();

const out = {
    tool: "aws-sdk-js-v3",
    version,
    label: o.label,
    scheme: o.url.slice(0, o.url.indexOf(":")),
    threading: "one-thread",
    calls: o.calls,
    concurrency: o.concurrency,
    threads: 1,
    seconds: Number(seconds.toFixed(3)),
    calls_per_s: Math.round(o.calls / seconds),
    cpu_us_per_call: Number(((cpu.user + cpu.system) / o.calls).toFixed(2)),
    p50_us: percentile(samples, 0.5),
    p99_us: percentile(samples, 0.99),
    peak_rss_mib: Number((process.resourceUsage().maxRSS / 1024).toFixed(1)),
    errors,
};
if (errors) out.first_error = firstError;
console.log(JSON.stringify(out));
if (errors) {
    console.error(`load.mjs: ${errors} of ${o.calls} calls failed; first: ${firstError}`);
    process.exitCode = 1;
}
