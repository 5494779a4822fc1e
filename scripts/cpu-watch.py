#!/usr/bin/env python3
"""Second by second, which process of the suite had the CPU.

A closed-loop run sometimes stalls: the relay and every consumer slow down together for tens of
seconds while order-service keeps accepting (BENCHMARKS.md, "The stall again"). The load tool's
result keeps each second of the pipeline (results.consumer_backlog_per_second: the stream's last
sequence and every consumer's pending, ack-pending and redelivered messages, asked of the NATS
server); this keeps each second of the CPU, from /proc, so that a stalled second shows who ran.
It asks the services nothing: a scrape of /actuator/prometheus cost a service about 50 ms of
CPU on the slow VM of session 23, six a second would have been 15 % of the machine.

  scripts/cpu-watch.py record FILE [SECONDS]   one line a second until SECONDS passed or stopped
  scripts/cpu-watch.py show FILE [FROM [TO]]    the seconds FROM to TO (HH:MM:SS), busiest first

Each line: the time, then per process its CPU in % of one core over that second: every instance
of the suite by the name ./suite status gives it, PostgreSQL (all its processes), NATS, the load
tool. scripts/bench.sh records one for a series with WATCH=1 (results/watch-<label>-<time>.log).
"""
import os
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
HZ = os.sysconf('SC_CLK_TCK')


def suite_pids():
    """pid -> name of every running instance (and Zipkin), from ./suite status."""
    out = subprocess.run([os.path.join(ROOT, 'suite'), 'status'], capture_output=True, text=True).stdout
    return {parts[1]: parts[0] for parts in (line.split() for line in out.splitlines()[1:])
            if len(parts) >= 2 and parts[1].isdigit()}


def process_name(pid, suite):
    if pid in suite:
        return suite[pid]
    try:
        cmd = open(f'/proc/{pid}/cmdline', 'rb').read().replace(b'\0', b' ').decode(errors='replace')
    except OSError:
        return None
    if cmd.startswith('postgres'):
        return 'postgres'
    if 'nats-server' in cmd:
        return 'nats'
    if cmd.startswith('java') and 'loadtool' in cmd:
        return 'loadtool'
    return None


def cpu_ticks():
    ticks = {}
    for pid in filter(str.isdigit, os.listdir('/proc')):
        try:
            fields = open(f'/proc/{pid}/stat').read().rsplit(')', 1)[1].split()
            ticks[pid] = int(fields[11]) + int(fields[12])
        except (OSError, IndexError):
            pass
    return ticks


def record(path, seconds):
    suite = suite_pids()
    if not suite:
        sys.exit('cpu-watch: the suite does not run (./suite status shows no process)')
    names, before, then = {}, cpu_ticks(), time.time()
    end = then + seconds if seconds else None
    with open(path, 'a') as out:
        while end is None or time.time() < end:
            time.sleep(max(0.0, then + 1 - time.time()))
            ticks, now = cpu_ticks(), time.time()
            cpu = {}
            for pid, t in ticks.items():
                if pid not in names:
                    names[pid] = process_name(pid, suite)
                if names[pid] and t > before.get(pid, t):
                    cpu[names[pid]] = cpu.get(names[pid], 0) + (t - before[pid]) / HZ
            elapsed = now - then
            before, then = ticks, now
            out.write(time.strftime('%H:%M:%S', time.localtime(now)) + ' '
                      + ' '.join(f'{k}={100 * v / elapsed:.0f}' for k, v in sorted(cpu.items())) + '\n')
            out.flush()


def show(path, start='00:00:00', stop='99:99:99'):
    for line in open(path):
        stamp, *fields = line.split()
        if start <= stamp <= stop:
            cpu = sorted(((k, int(v)) for k, v in (f.split('=') for f in fields)), key=lambda kv: -kv[1])
            print(stamp, f'all={sum(v for _, v in cpu)}', ' '.join(f'{k}={v}' for k, v in cpu))


if __name__ == '__main__':
    if len(sys.argv) >= 3 and sys.argv[1] == 'record':
        record(sys.argv[2], float(sys.argv[3]) if len(sys.argv) > 3 else 0)
    elif len(sys.argv) >= 3 and sys.argv[1] == 'show':
        show(sys.argv[2], *sys.argv[3:5])
    else:
        sys.exit(__doc__)
