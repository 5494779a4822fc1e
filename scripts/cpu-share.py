#!/usr/bin/env python3
"""Which processes used the CPU while a command ran: runs the command, then prints CPU seconds
per process group (each suite service, postgres, nats-server, the load tool, everything else)
from /proc. Processes that start and end during the command (e.g. other builds' JVMs) are
counted in 'other' through the machine total. Linux only.

usage: scripts/cpu-share.py -- java -jar loadtool/target/loadtool-0.1.0-SNAPSHOT.jar --orders 2000
"""
import os, resource, subprocess, sys, time

TICK = os.sysconf("SC_CLK_TCK")
SERVICES = ["eventstore-service", "order-service", "payment-worker", "review-worker", "querymodel-worker",
            "saga-coordinator", "loadtool"]


def group(pid):
    try:
        cmd = open(f"/proc/{pid}/cmdline", "rb").read().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return None
    for s in SERVICES:
        if f"{s}-0" in cmd or f"/{s}.jar" in cmd:
            return s
    if cmd.startswith("postgres") or "/postgresql/" in cmd:
        return "postgresql"
    if "nats-server" in cmd:
        return "nats-server"
    if "zipkin-server" in cmd:
        return "zipkin"
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


def main():
    args = sys.argv[1:]
    if args and args[0] == "--":
        args = args[1:]
    before, busy0 = snapshot()
    start = time.time()
    code = subprocess.call(args)
    after, busy1 = snapshot()
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
        print(f"  {g:<20} {v:7.1f} CPU-s  {100 * v / (wall * cpus):5.1f}% of the machine", file=sys.stderr)
    sys.exit(code)


if __name__ == "__main__":
    main()
