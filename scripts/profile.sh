#!/usr/bin/env bash
# Where the time goes under load: records a JFR profile (settings=profile) of every service of
# the running suite (./suite up first) while scripts/bench.sh runs once, then prints for each
# service its top frames and the libraries its CPU samples touch (scripts/jfr-top.sh).
# The recordings stay in results/profile-<time>/ for JDK Mission Control or `jfr print`.
#
#   scripts/profile.sh              # end to end: ORDERS orders at CONCURRENCY clients
#   scripts/profile.sh eventstore   # the event store bench
set -euo pipefail
cd "$(dirname "$0")/.."
what=${1:-orders}
SERVICES=(eventstore-service order-service payment-worker review-worker querymodel-worker saga-coordinator)
dir="results/profile-$(date -u +%Y%m%d-%H%M%S)"
mkdir -p "$dir"
pid_of() { cat ".suite/pids/$1.pid" 2>/dev/null || true; }
for s in "${SERVICES[@]}"; do
  pid=$(pid_of "$s")
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || { echo "profile: $s does not run (./suite up first)"; exit 1; }
  jcmd "$pid" JFR.start name=profile settings=profile filename="$PWD/$dir/$s.jfr" >/dev/null
done
stop_recordings() {
  for s in "${SERVICES[@]}"; do
    jcmd "$(pid_of "$s")" JFR.stop name=profile >/dev/null 2>&1 || true
  done
}
trap stop_recordings EXIT
RUNS=1 LABEL="${LABEL:-profile}" scripts/bench.sh "$what" 2>&1 | tee "$dir/bench.txt"
stop_recordings
trap - EXIT
for s in "${SERVICES[@]}"; do
  echo "== $s"
  scripts/jfr-top.sh "$dir/$s.jfr" 12
  echo
done | tee "$dir/summary.txt"
echo "profile: recordings and summary in $dir/"
