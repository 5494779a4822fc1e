#!/usr/bin/env bash
# Prints the services' default JVM flags as ./suite gives them (its JAVA_OPTS default, read from it
# so that the benches and the fault suite stay in step with it), or fails if it cannot read them.
set -euo pipefail
cd "$(dirname "$0")/.."
opts=$(sed -n 's/^JAVA_OPTS=\${JAVA_OPTS:-"\(.*\)"}$/\1/p' suite)
[ -n "$opts" ] || { echo "cannot read JAVA_OPTS's default from ./suite" >&2; exit 1; }
echo "$opts"
