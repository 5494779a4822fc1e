#!/usr/bin/env bash
# Where a JFR recording's threads waited: jdk.SocketRead / jdk.ThreadPark / jdk.JavaMonitorEnter
# events (recorded above the settings' threshold, 10 ms with settings=profile), total duration
# grouped by the first application frame (io.eventstream) or else the top frame.
# Usage: scripts/jfr-waits.sh rec.jfr [event] [top-n]
set -euo pipefail
file=$1; event=${2:-jdk.SocketRead}; top=${3:-12}
jfr print --events "$event" --stack-depth 64 "$file" | awk -v top="$top" '
  function ms(s,   v) { v = s; if (v ~ /ms$/) { sub(/ ?ms$/, "", v); return v + 0 } if (v ~ /us$/) { sub(/ ?us$/, "", v); return v / 1000 } if (v ~ /ns$/) { sub(/ ?ns$/, "", v); return v / 1e6 } if (v ~ /s$/) { sub(/ ?s$/, "", v); return v * 1000 } return v + 0 }
  /^[a-z]+\.[A-Za-z]+ \{/ { inside = 1; key = ""; top1 = ""; d = 0; next }
  inside && /^[[:space:]]+duration = / { line = $0; sub(/.*duration = /, "", line); d = ms(line); next }
  inside && /stackTrace = \[/ { stack = 1; next }
  inside && stack && /^[[:space:]]*\]/ { stack = 0; inside = 0; k = key != "" ? key : top1; sum[k] += d; cnt[k]++; total += d; next }
  inside && stack { f = $0; sub(/^[[:space:]]+/, "", f); sub(/[[:space:]]+line:.*/, "", f); if (top1 == "") top1 = f; if (key == "" && f ~ /^io\.eventstream/) key = f }
  END {
    printf "%.0f ms in total\n", total
    for (k in sum) printf "%9.0f ms %6d x  %s\n", sum[k], cnt[k], k | "sort -rn | head -" top
  }'
