#!/usr/bin/env python3
"""Where an async-profiler recording's CPU samples went (collapsed stacks, `...,collapsed`).

  scripts/ap-top.py rec1.collapsed [rec2.collapsed ...]

Two views: by the first of our frames on each stack (io.eventstream...: which of our loops or
handlers the CPU was spent under; stacks with none by their thread's first frames), and by the
innermost library frame (the library whose code was running; JDK frames count for their caller).
How to record: BENCHMARKS.md, "Issue 19, session 11" (JFR's sampler gave almost nothing there).
"""
import collections
import re
import sys

LIBRARIES = [
    ("kernel", r"_\[k\]$"),
    ("micrometer observation/tracing, brave, zipkin", r"io/micrometer/(observation|tracing)|^brave/|zipkin2"),
    ("micrometer metrics", r"io/micrometer/core|io/prometheus"),
    ("netty http2", r"io/netty/handler/codec/http2"),
    ("netty tls", r"io/netty/handler/ssl"),
    ("netty", r"io/netty/"),
    ("grpc", r"io/grpc/"),
    ("protobuf", r"com/google/protobuf"),
    ("postgresql jdbc", r"org/postgresql"),
    ("hikari", r"com/zaxxer"),
    ("jnats", r"io/nats"),
    ("spring", r"org/springframework"),
    ("tomcat", r"org/apache/(catalina|coyote|tomcat)"),
    ("jackson", r"jackson"),
    ("nimbus jose (jwt)", r"com/nimbusds"),
    ("logging", r"logback|slf4j"),
    ("ours", r"io/eventstream"),
]
JDK = re.compile(r"^(java|javax|jdk|sun)/")


def stacks(paths):
    for path in paths:
        with open(path) as lines:
            for line in lines:
                stack, _, count = line.rstrip().rpartition(" ")
                yield stack.split(";"), int(count)


GENERIC = re.compile(r"Thread\.run|ThreadPoolExecutor|FutureTask|RunnableAdapter|FastThreadLocalRunnable|"
                     r"ThreadExecutorMap|SingleThreadEventExecutor\$|start_thread|thread_native_entry|call_run")


def under(frames):
    for frame in frames:
        if "io/eventstream" in frame:
            return frame.split("/")[-1]
    specific = [f for f in frames if not GENERIC.search(f)]
    return "(no frame of ours) " + " | ".join(f.split("/")[-1][:45] for f in specific[:2])


def library(frames):
    for frame in reversed(frames):
        if JDK.match(frame):
            continue
        for name, pattern in LIBRARIES:
            if re.search(pattern, frame):
                return name
    return "jvm, jdk or unknown"


def main(paths):
    total = 0
    by_under, by_library = collections.Counter(), collections.Counter()
    for frames, count in stacks(paths):
        total += count
        by_under[under(frames)] += count
        by_library[library(frames)] += count
    print(f"{total} samples")
    for title, counter, top in (("under", by_under, 20), ("innermost library", by_library, 30)):
        print(f"\nby {title}:")
        for name, count in counter.most_common(top):
            print(f"{count:7d} {100 * count / total:5.1f}%  {name[:120]}")


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    main(sys.argv[1:])
