"""The boto3/botocore peer of hawk-bench-e2e (the only Python in hawk: it drives the peer SDK).

The same SendMessage calls, C in flight (C threads sharing one client, as boto3 documents for
threads), against the same endpoint; prints one JSON line.

    python3 load.py --url URL [--calls N] [--concurrency C] [--warmup N] [--ca-file PEM]

The client is boto3's default but for max_pool_connections, raised from 10 to C: with more
threads than pooled connections urllib3 discards connections ("Connection pool is full") and
keep-alive is lost, which a user running C threads avoids the same way. botocore signs
SendMessage with SigV4 (its model does not say that the Participant Service takes none), so it
needs credentials: bench/e2e/run gives it dummy ones in the environment.
"""

import argparse
import json
import resource
import sys
import threading
import time

import boto3
import botocore
from botocore.config import Config


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    parser.add_argument("--calls", type=int, default=100000)
    parser.add_argument("--concurrency", type=int, default=64)
    parser.add_argument("--warmup", type=int, default=2000)
    parser.add_argument("--ca-file", default=None)
    parser.add_argument("--label", default="")
    args = parser.parse_args()

    client = boto3.client(
        "connectparticipant",
        region_name="us-east-1",
        endpoint_url=args.url,
        verify=args.ca_file if args.ca_file else True,
        config=Config(max_pool_connections=args.concurrency),
    )
    errors = [0, ""]
    lock = threading.Lock()

    def phase(calls, samples):
        counter = iter(range(calls))

        def lane():
            while True:
                with lock:
                    i = next(counter, None)
                if i is None:
                    return
                t0 = time.perf_counter()
                try:
                    r = client.send_message(
                        ContentType="text/plain",
                        Content="Hello! I have a question about my order.",
                        ConnectionToken="bench-connection-token-0123456789abcdef",
                    )
                    if not r.get("Id"):
                        raise RuntimeError("response without Id")
                except Exception as e:  # every failure counts
                    with lock:
                        if errors[0] == 0:
                            errors[1] = str(e)
                        errors[0] += 1
                if samples is not None:
                    samples[i] = (time.perf_counter() - t0) * 1e6

        threads = [threading.Thread(target=lane) for _ in range(min(args.concurrency, calls))]
        for t in threads:
            t.start()
        for t in threads:
            t.join()

    if args.warmup > 0:
        phase(args.warmup, None)
    samples = [0.0] * args.calls
    cpu_start = time.process_time()  # user + system, every thread
    start = time.perf_counter()
    phase(args.calls, samples)
    seconds = time.perf_counter() - start
    cpu = time.process_time() - cpu_start
    samples.sort()

    def percentile(p):
        return int(samples[min(len(samples) - 1, int(p * len(samples)))])

    out = {
        "tool": "boto3",
        "version": "boto3 %s, botocore %s" % (boto3.__version__, botocore.__version__),
        "label": args.label,
        "scheme": args.url.split(":", 1)[0],
        "threading": "threads",
        "calls": args.calls,
        "concurrency": args.concurrency,
        "threads": args.concurrency,
        "seconds": round(seconds, 3),
        "calls_per_s": round(args.calls / seconds),
        "cpu_us_per_call": round(cpu * 1e6 / args.calls, 2),
        "p50_us": percentile(0.50),
        "p99_us": percentile(0.99),
        "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "errors": errors[0],
    }
    if errors[0]:
        out["first_error"] = errors[1]
    print(json.dumps(out), flush=True)
    if errors[0]:
        print("load.py: %d of %d calls failed; first: %s" % (errors[0], args.calls, errors[1]),
              file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
