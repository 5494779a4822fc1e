#!/usr/bin/env bash
# Where a JFR recording's CPU samples went: top self frames, and samples whose stack touches
# each library (a sample can count for several). Usage: scripts/jfr-top.sh rec.jfr [top-n]
set -euo pipefail
file=$1; top=${2:-15}
jfr print --events jdk.ExecutionSample --stack-depth 64 "$file" | awk -v top="$top" '
  /jdk.ExecutionSample/ { inside = 1; first = ""; tags = ""; next }
  inside && /stackTrace = \[/ { stack = 1; next }
  inside && stack && /^[[:space:]]*\]/ {
    stack = 0; inside = 0; total++
    self[first]++
    n = split(tags, t, " "); delete seen
    for (i = 1; i <= n; i++) if (!(t[i] in seen)) { seen[t[i]] = 1; lib[t[i]]++ }
    next
  }
  inside && stack {
    line = $0; sub(/^[[:space:]]+/, "", line); sub(/[[:space:]]+line:.*/, "", line)
    if (first == "") first = line
    if (line ~ /^org\.postgresql/) tags = tags " jdbc(postgresql)"
    else if (line ~ /^com\.zaxxer\.hikari/) tags = tags " hikari"
    else if (line ~ /^io\.grpc/) tags = tags " grpc"
    else if (line ~ /^io\.netty/) tags = tags " netty"
    else if (line ~ /^io\.nats/) tags = tags " nats(jnats)"
    else if (line ~ /^tools\.jackson|^com\.fasterxml/) tags = tags " jackson"
    else if (line ~ /^com\.google\.protobuf/) tags = tags " protobuf"
    else if (line ~ /^org\.apache\.(catalina|coyote|tomcat)/) tags = tags " tomcat"
    else if (line ~ /^org\.springframework/) tags = tags " spring"
    else if (line ~ /^ch\.qos\.logback|^org\.slf4j/) tags = tags " logging"
    else if (line ~ /^io\.micrometer/) tags = tags " micrometer"
    else if (line ~ /^io\.eventstream/) tags = tags " eventstream(app)"
    else if (line ~ /^sun\.nio\.ch|^java\.net|^sun\.net/) tags = tags " socket-io"
    else if (line ~ /^java\.util\.concurrent\.locks|^java\.util\.concurrent\.ForkJoin/) tags = tags " j.u.c"
  }
  END {
    printf "%d execution samples\n", total
    # On session 11 machine (JDK 17): 5 samples in 20 s of a busy event store. BENCHMARKS.md
    # ("Issue 19, session 11") shows how async-profiler, from Maven Central, profiled it instead.
    if (total < 100) printf "too few to read: see BENCHMARKS.md, Issue 19, session 11, for async-profiler\n"
    printf "\ntop self frames:\n"
    for (f in self) printf "%6d %5.1f%%  %s\n", self[f], 100 * self[f] / total, f | "sort -rn | head -" top
    close("sort -rn | head -" top)
    printf "\nsamples whose stack touches:\n"
    for (l in lib) printf "%6d %5.1f%%  %s\n", lib[l], 100 * lib[l] / total, l | "sort -rn"
    close("sort -rn")
  }'
