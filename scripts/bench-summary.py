#!/usr/bin/env python3
"""Medians over load tool results (results/*.json), per kind of run and setup.

usage: scripts/bench-summary.py results/*.json [--since 20261128-0530]"""
import json, os, statistics, sys
from collections import defaultdict

args = [a for a in sys.argv[1:] if not a.startswith("--since")]
since = next((a.split("=", 1)[1] for a in sys.argv[1:] if a.startswith("--since=")), "")
orders, levels, pgbench = defaultdict(list), defaultdict(list), defaultdict(list)
for path in sorted(args):
    if os.path.basename(path) < since:
        continue
    r = json.load(open(path), object_hook=lambda d: {
        {"p50Ms": "p50_ms", "p95Ms": "p95_ms", "p99Ms": "p99_ms", "maxMs": "max_ms", "meanMs": "mean_ms"}.get(k, k): v
        for k, v in d.items()})  # the first results used camel case
    if "kind" not in r:
        continue  # not a load tool result (e.g. per-event-costs.py's JSON in results/)
    if r.get("label") == "warmup":
        continue  # bench.sh's warm-up runs: JIT compilers at work, not the suite's speed
    if r["kind"] == "orders":
        c = r["config"]
        key = f'{c["orders"]} orders, ' + (f'{c["concurrency"]} clients' if c["concurrency"] else f'{c["rate_per_s"]:.0f}/s')
        if r.get("label"):
            key += f' [{r["label"]}]'  # e.g. bench-big-log.sh's log-<events>: one group per setup
        orders[key].append(r)
    else:
        for name in ("pgbench_insert", "pgbench_event_and_outbox"):
            if r.get(name):
                pgbench[name].append(r[name]["tps"])
        for l in r["levels"]:
            levels[l["concurrency"]].append(l)

med = statistics.median


def steady(r):
    """Median completions per second between the first and last second with one, without those two
    (as OrderLoad.steadyCompletions; recomputed so older results use the same rule)."""
    c = [s["completed"] for s in r.get("timeline", [])]
    while c and c[0] == 0:
        c.pop(0)
    while c and c[-1] == 0:
        c.pop()
    c = c[1:-1] if len(c) > 2 else c
    return med(c) if c else 0

for key, runs in orders.items():
    rs = [r["results"] for r in runs]
    v = [r["verification"] for r in runs]
    print(f"end to end, {key}: {len(runs)} runs (medians)")
    print(f"  accepted/s {med(x['accepted_per_s'] for x in rs):.0f}   completed/s {med(x['completed_per_s'] for x in rs):.0f}"
          f"   steady completed/s {med(steady(r) for r in runs):.0f}")
    for name in ("post_latency", "end_to_end_latency", "commit_to_consumer_lag"):
        print(f"  {name:<24} p50 {med(x[name]['p50_ms'] for x in rs):8.1f}  p95 {med(x[name]['p95_ms'] for x in rs):8.1f}"
              f"  p99 {med(x[name]['p99_ms'] for x in rs):8.1f}  max {med(x[name]['max_ms'] for x in rs):8.1f} ms")
    m = [x["eventstore_outbox_lag_metric"] for x in rs if x["eventstore_outbox_lag_metric"].get("p99_ms") is not None]
    if m:
        print(f"  outbox lag metric        p50 {med(x['p50_ms'] for x in m):8.1f}  p99 {med(x['p99_ms'] for x in m):8.1f} ms")
    print(f"  problems: not completed {sum(x['notCompleted'] for x in v)}, duplicate events {sum(x['duplicateEvents'] for x in v)}, "
          f"stream duplicates {sum(x['streamDuplicates'] for x in v)}, read-model mismatches {sum(x['readModelMismatches'] for x in v)}, "
          f"failed POSTs {sum(x['failed'] for x in rs)}")
if pgbench:
    print(f"\nevent store bench: {len(pgbench.get('pgbench_insert', []))} runs (medians)")
    for name, tps in pgbench.items():
        print(f"  {name:<26} {med(tps):8.0f} tps")
for c, ls in sorted(levels.items()):
    print(f"  CreateEvent c={c:<3} {med(l['appendsPerSecond'] for l in ls):6.0f}/s  ratio {med(l['ratioToPgbenchInsert'] for l in ls):.2f}"
          f"  p50 {med(l['latency']['p50_ms'] for l in ls):6.1f}  p99 {med(l['latency']['p99_ms'] for l in ls):6.1f} ms"
          f"  commit->consumer p50 {med(l['commitToArrival']['p50_ms'] for l in ls):6.1f}  p99 {med(l['commitToArrival']['p99_ms'] for l in ls):6.1f} ms"
          f"  published {med(l.get('publishedPerSecond', 0) for l in ls):6.0f}/s  errors {sum(l['errors'] for l in ls)}  unpublished {sum(l['notPublished'] for l in ls)}")
