#!/usr/bin/env python3
"""The per-event costs the capacity model (docs/capacity-model.md) is built from: runs a command
(a load against the running suite) and prints, for the orders and events it caused,

  - CPU ms per order and per event of each process group (each suite service, all its instances
    together; postgresql; nats-server), from /proc, as scripts/cpu-share.py counts them;
  - PostgreSQL commits per order in each database (pg_stat_database.xact_commit) and rows written;
  - the log_position row: updates per second and events numbered per update (= per relay round),
    i.e. what a single hot row on a CockroachDB range has to take (pg_stat_user_tables.n_tup_upd);
  - events appended and numbered per second.

usage: scripts/per-event-costs.py [--json FILE] -- java -jar loadtool/target/loadtool-0.1.0-SNAPSHOT.jar --orders 3000 --concurrency 64

The events and orders are counted in the event store's log (positions after the log's end at the
start; an order = a created event). Other work on the machine in the same time (other suites,
builds) lands in 'other' and in postgresql's CPU (every database on the server is counted): run it
on a quiet machine, or read postgresql's figure as an upper bound. Settings: PGHOST, PGPORT, PGUSER
(127.0.0.1, 5432, postgres), EVENTSTORE_DB (eventstoredb).
"""
import importlib.util, json, os, resource, subprocess, sys, time

HERE = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location("cpu_share", os.path.join(HERE, "cpu-share.py"))
cpu_share = importlib.util.module_from_spec(spec)
spec.loader.exec_module(cpu_share)

PG = ["psql", "-h", os.environ.get("PGHOST", "127.0.0.1"), "-p", os.environ.get("PGPORT", "5432"),
      "-U", os.environ.get("PGUSER", "postgres"), "-At", "-F", "|"]
STORE_DB = os.environ.get("EVENTSTORE_DB", "eventstoredb")
DATABASES = (STORE_DB, "ordersdb", "paymentsdb", "sagadb")


def psql(db, sql):
    out = subprocess.run(PG + ["-d", db, "-c", sql], check=True, capture_output=True, text=True).stdout
    return [line.split("|") for line in out.strip().splitlines()]


def pg_snapshot():
    names = ",".join(f"'{d}'" for d in DATABASES)
    per_db = {r[0]: {"commits": int(r[1]), "rows_written": int(r[2])} for r in psql("postgres",
              f"SELECT datname, xact_commit, tup_inserted + tup_updated + tup_deleted FROM pg_stat_database"
              f" WHERE datname IN ({names})")}
    row = psql(STORE_DB, "SELECT (SELECT last_position FROM log_position WHERE id = 1),"
                         " (SELECT n_tup_upd FROM pg_stat_user_tables WHERE relname = 'log_position'),"
                         " (SELECT n_tup_ins FROM pg_stat_user_tables WHERE relname = 'events')")[0]
    return {"databases": per_db, "position": int(row[0]), "counter_updates": int(row[1]), "events_inserted": int(row[2])}


def main():
    args = sys.argv[1:]
    out = None
    if args[:1] == ["--json"]:
        out, args = args[1], args[2:]
    if args[:1] != ["--"] or len(args) < 2:
        sys.exit(__doc__)
    args = args[1:]
    # pg_stat counters are sent to the statistics system at transaction end, and read from a snapshot.
    pg0 = pg_snapshot()
    procs0, busy0 = cpu_share.snapshot()
    # Inside the event store(s): the relay thread, the appenders, gRPC... (cpu-share.py's groups).
    stores = [pid for pid, (g, _) in procs0.items() if g == "eventstore-service"]
    threads0 = cpu_share.thread_snapshot(stores)
    start = time.time()
    c0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    code = subprocess.call(args)
    c1 = resource.getrusage(resource.RUSAGE_CHILDREN)  # before the psql calls below, also children
    time.sleep(1.5)  # the relay numbers the last events; the statistics catch up
    wall = time.time() - start
    procs1, busy1 = cpu_share.snapshot()
    threads1 = cpu_share.thread_snapshot(stores)
    pg1 = pg_snapshot()
    orders = int(psql(STORE_DB, f"SELECT count(*) FROM events WHERE position > {pg0['position']}"
                                f" AND eventtype LIKE '%.created'")[0][0])
    events = pg1["position"] - pg0["position"]
    if orders == 0 or events == 0:
        sys.exit(f"no orders or events were numbered while the command ran (exit {code})")
    cpu = {}
    for pid, (g, t) in procs1.items():
        cpu[g] = cpu.get(g, 0) + t - (procs0[pid][1] if pid in procs0 else 0)
    cpu["load command"] = (c1.ru_utime + c1.ru_stime) - (c0.ru_utime + c0.ru_stime)
    cpu["other"] = max(0.0, (busy1 - busy0) - sum(v for g, v in cpu.items() if g != "other"))
    updates = pg1["counter_updates"] - pg0["counter_updates"]
    store_threads = {}
    for key, (name, t) in threads1.items():
        g = cpu_share.thread_group("eventstore-service", name)
        store_threads[g] = store_threads.get(g, 0) + t - (threads0[key][1] if key in threads0 else 0)
    result = {
        "wall_s": round(wall, 1), "orders": orders, "events": events, "events_per_order": round(events / orders, 2),
        "events_per_s": round(events / wall, 1),
        "cpu_ms_per_order": {g: round(1000 * v / orders, 3) for g, v in sorted(cpu.items(), key=lambda kv: -kv[1])},
        "cpu_ms_per_event": {g: round(1000 * v / events, 3) for g, v in sorted(cpu.items(), key=lambda kv: -kv[1])},
        "eventstore_threads_cpu_ms_per_event": {g: round(1000 * v / events, 3) for g, v in
                                                sorted(store_threads.items(), key=lambda kv: -kv[1]) if v >= 0.005},
        "commits_per_order": {d: round((pg1["databases"][d]["commits"] - pg0["databases"][d]["commits"]) / orders, 2)
                              for d in DATABASES if d in pg0["databases"] and d in pg1["databases"]},
        "rows_written_per_order": {d: round((pg1["databases"][d]["rows_written"] - pg0["databases"][d]["rows_written"])
                                            / orders, 2) for d in DATABASES if d in pg0["databases"] and d in pg1["databases"]},
        "log_position_updates": updates,
        "log_position_updates_per_s": round(updates / wall, 1),
        "events_per_log_position_update": round(events / updates, 1) if updates else None,
        "command_exit": code,
    }
    text = json.dumps(result, indent=2)
    print(text)
    if out:
        with open(out, "w") as f:
            f.write(text + "\n")
    sys.exit(code)


if __name__ == "__main__":
    main()
