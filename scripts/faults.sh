#!/usr/bin/env bash
# The fault suite (docs/faults.md): a steady load of orders and, one scenario at a time, a fault
# (SIGKILL of each service, nats-server and PostgreSQL restarts, a frozen worker, poison messages,
# duplicate publishes); after each, recovery and every invariant checked. Prints the table and
# writes it to e2e-tests/target/faults/faults-<time>.md. Exit code 1 if a check failed.
#
#   scripts/faults.sh                        # the short list (mvn -B verify runs it too)
#   scripts/faults.sh full                   # every scenario
#   scripts/faults.sh kill-eventstore,poison # some scenarios, by title
#   FAULTS_RATE=20 scripts/faults.sh full    # orders per second (default 15)
#   FAULTS_SKIP_BUILD=1 scripts/faults.sh    # the jars are built already
#   FAULTS_JAVA_OPTS="..." scripts/faults.sh # the services' JVM flags (default: JAVA_OPTS, else ./suite's
#                                            # default, read from it; mvn -B verify runs them C1 only)
#
# Needs nats-server and PostgreSQL's binaries (scripts/infra.sh installs both); the suite runs a
# nats-server and a PostgreSQL cluster of its own on free ports and never touches 4222 or 5432.
set -euo pipefail
cd "$(dirname "$0")/.."
which=${1:-short}
if [ "${FAULTS_SKIP_BUILD:-0}" != 1 ]; then
  mvn -B -q install -DskipTests
fi
# The services run with the JVM flags a user's ./suite gives them (e2e's ServiceProcess reads them).
SUITE_OPTS=$(scripts/suite-java-opts.sh)
status=0
mvn -B -pl e2e-tests verify -Dit.test=FaultSuiteTest -Dfaults="$which" -Dfaults.rate="${FAULTS_RATE:-15}" \
  -De2e.jvm-options="${FAULTS_JAVA_OPTS:-${JAVA_OPTS:-$SUITE_OPTS}}" || status=$?
latest=$(ls -t e2e-tests/target/faults/faults-*.md 2>/dev/null | head -1 || true)
[ -n "$latest" ] && echo "faults: the table is in $latest"
exit "$status"
