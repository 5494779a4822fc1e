#!/bin/sh
# Usage: healthcheck <url>  (exit 0 when the URL answers 2xx within 3 s, else 1)
# A small JVM: the check must not compete with the service for memory, and the service's
# JAVA_TOOL_OPTIONS (a large heap, an agent) are not meant for it.
exec env -u JAVA_TOOL_OPTIONS java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xmx16m -Xss256k \
  -XX:-UsePerfData -cp /opt/healthcheck HealthCheck "$@"
