#!/usr/bin/env python3
"""Which processes used the CPU while a command ran: runs the command, then prints CPU seconds
per process group (each suite service, postgres, nats-server, the load tool, everything else)
from /proc. Processes that start and end during the command (e.g. other builds' JVMs) are
counted in 'other' through the machine total. With ./suite running in this checkout, only its
processes (.suite/pids) and the backends of its databases count as the suite's: other checkouts'
services and databases on the same machine count as 'other'. Linux only.

usage: scripts/cpu-share.py [--threads] [--per N] -- java -jar loadtool/target/loadtool-0.1.0-SNAPSHOT.jar --orders 2000

  --threads  also splits each service's JVM by thread group (JIT compilers, GC, gRPC/Netty, Tomcat,
             consumer handlers...), from /proc/<pid>/task, and sums the JIT and GC share of all JVMs
  --per N    also prints milliseconds of CPU per unit of work (e.g. per order: N = orders sent)
"""
import os, re, resource, subprocess, sys, time

TICK = os.sysconf("SC_CLK_TCK")
SERVICES = ["eventstore-service", "order-service", "payment-worker", "review-worker", "querymodel-worker",
            "saga-coordinator", "loadtool"]


# On a machine shared with other checkouts (their suites, tests and benches run the same jars
# and use the same PostgreSQL), a service is the process whose pid ./suite recorded in this
# checkout's .suite/pids, and PostgreSQL is its shared processes plus the backends of the suite's
# databases; the rest counts as "other". Without .suite/pids (compose, say), any matching process.
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SUITE_DBS = {"eventstoredb", "ordersdb", "paymentsdb", "sagadb"}


def suite_pids():
    pids = {}
    d = os.path.join(ROOT, ".suite", "pids")
    # SUITE_INSTANCES=2 adds <service>-2.pid: each instance is its own row.
    for s in SERVICES + ["zipkin"]:
        for name in (s, f"{s}-2"):
            try:
                pids[open(os.path.join(d, f"{name}.pid")).read().strip()] = name
            except OSError:
                pass
    return pids


SUITE_PIDS = suite_pids()


def postgres_database(cmd):
    """The database of a backend ('postgres: 15/main: user db host(port) state'), else None."""
    parts = cmd.split(": ", 2)
    fields = parts[2].split() if len(parts) == 3 else []
    return fields[1] if len(fields) >= 3 and ("(" in fields[2] or fields[2] == "[local]") else None


def group(pid):
    try:
        cmd = open(f"/proc/{pid}/cmdline", "rb").read().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return None
    if pid in SUITE_PIDS:
        return SUITE_PIDS[pid]
    for s in SERVICES:
        if f"{s}-0" in cmd or f"/{s}.jar" in cmd:
            return "other" if SUITE_PIDS else s
    if cmd.startswith("postgres") or "/postgresql/" in cmd:
        db = postgres_database(cmd)
        return "other" if SUITE_PIDS and db is not None and db not in SUITE_DBS else "postgresql"
    if "nats-server" in cmd:
        return "nats-server"
    if "zipkin-server" in cmd:
        return "other" if SUITE_PIDS else "zipkin"
    return "other"


def snapshot():
    per = {}
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        g = group(pid)
        if g:
            per[pid] = (g, (int(fields[11]) + int(fields[12])) / TICK)
    cpu = open("/proc/stat").readline().split()[1:]
    busy = sum(int(x) for i, x in enumerate(cpu) if i not in (3, 4)) / TICK  # all but idle, iowait
    return per, busy


# Thread names (/proc comm, cut at 15 characters) to the groups worth telling apart.
THREAD_GROUPS = [
    (r"^C[12] CompilerThre", "JIT compiler"),
    (r"^(GC Thread|G1 |VM Periodic|VM Thread)", "GC and VM"),
    (r"^grpc-default-ex", "gRPC executor"),
    (r"^(grpc-|epoll|nioEventLoop)", "gRPC Netty I/O"),
    (r"^http-nio", "Tomcat (HTTP)"),
    (r":", "NATS client"),  # jnats names its threads <connection name>:<what>
    (r"^append-writer", "event store appenders"),
    (r"^outbox-relay", "outbox relay"),
    (r"^HikariPool", "Hikari pool"),
    (r"^(review-calls|saga-calls|payment-append)", "consumer calls (appends)"),
    (r"^AsyncReporter", "tracing reporter"),
]


def thread_group(service, name):
    for pattern, label in THREAD_GROUPS:
        if re.search(pattern, name):
            return label
    if name.replace("-", "").startswith(service.replace("-", "")[:10]):
        return "consumer handlers"  # <durable>-handler-<n>, <durable>-timer
    return re.sub(r"[-#]?\d*$", "", name) or name


def thread_snapshot(pids):
    per = {}
    for pid in pids:
        try:
            tids = os.listdir(f"/proc/{pid}/task")
        except OSError:
            continue
        for tid in tids:
            try:
                raw = open(f"/proc/{pid}/task/{tid}/stat").read()
            except OSError:
                continue
            name = raw[raw.index("(") + 1:raw.rindex(")")]
            fields = raw.rsplit(")", 1)[1].split()
            per[(pid, tid)] = (name, (int(fields[11]) + int(fields[12])) / TICK)
    return per


def print_threads(services, before, after, per):
    jit = gc = total = 0.0
    print("\nCPU by thread group inside each service's JVM:", file=sys.stderr)
    for service, pid in sorted(services.items()):
        groups = {}
        for (p, tid), (name, t) in after.items():
            if p != pid:
                continue
            used = t - (before[(p, tid)][1] if (p, tid) in before else 0)
            g = thread_group(service, name)
            groups[g] = groups.get(g, 0) + used
        sum_service = sum(groups.values())
        total += sum_service
        jit += groups.get("JIT compiler", 0)
        gc += groups.get("GC and VM", 0)
        top = sorted(groups.items(), key=lambda kv: -kv[1])[:6]
        parts = "  ".join(f"{g} {v:.1f}" for g, v in top if v >= 0.05)
        print(f"  {service:<20} {sum_service:6.1f} CPU-s: {parts}", file=sys.stderr)
    if total:
        line = f"  all service JVMs: JIT compiler {jit:.1f} CPU-s ({100 * jit / total:.0f}%), GC and VM {gc:.1f} CPU-s ({100 * gc / total:.0f}%)"
        if per:
            line += f"; {1000 * total / per:.2f} ms of JVM CPU per unit"
        print(line, file=sys.stderr)


def main():
    args = sys.argv[1:]
    threads, per = False, 0
    while args and args[0] != "--":
        if args[0] == "--threads":
            threads = True
            args = args[1:]
        elif args[0] == "--per" and len(args) > 1:
            per = int(args[1])
            args = args[2:]
        else:
            sys.exit(__doc__)
    if args and args[0] == "--":
        args = args[1:]
    before, busy0 = snapshot()
    services = {g: pid for pid, (g, _) in before.items() if re.sub(r"-2$", "", g) in SERVICES}
    threads_before = thread_snapshot(services.values()) if threads else {}
    start = time.time()
    code = subprocess.call(args)
    after, busy1 = snapshot()
    threads_after = thread_snapshot(services.values()) if threads else {}
    wall = time.time() - start
    used = {}
    for pid, (g, t) in after.items():
        used[g] = used.get(g, 0) + t - (before[pid][1] if pid in before else 0)
    child = resource.getrusage(resource.RUSAGE_CHILDREN)
    used["command (" + os.path.basename(args[0]) + ")"] = child.ru_utime + child.ru_stime
    known = sum(v for g, v in used.items() if g != "other")
    used["other"] = max(0.0, (busy1 - busy0) - known)
    cpus = os.cpu_count()
    print(f"\nCPU while it ran: {wall:.1f} s wall on {cpus} CPUs = {wall * cpus:.1f} CPU-s; busy {busy1 - busy0:.1f} CPU-s",
          file=sys.stderr)
    for g, v in sorted(used.items(), key=lambda kv: -kv[1]):
        unit = f"  {1000 * v / per:6.2f} ms per unit" if per else ""
        print(f"  {g:<20} {v:7.1f} CPU-s  {100 * v / (wall * cpus):5.1f}% of the machine{unit}", file=sys.stderr)
    if threads:
        print_threads(services, threads_before, threads_after, per)
    sys.exit(code)


if __name__ == "__main__":
    main()
