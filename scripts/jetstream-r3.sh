#!/usr/bin/env bash
# JetStream acknowledgements on 1 and 3 replicas, measured on this machine: starts a three-node
# nats-server cluster of its own (client ports 14222-14224, cluster ports 16222-16224, data in a
# temporary folder, no authorization), runs scripts/JetStreamAckBench.java (the relay's pattern:
# batches of 500 sent then acked; and one at a time) on an R1 and an R3 stream, stops the cluster.
# The three nodes share the machine's cores and talk over loopback: the figures are the CPU and
# RAFT cost of replication, not a network's round trips (docs/capacity-model.md adds those).
#
#   scripts/jetstream-r3.sh [SECONDS per measurement, default 10]
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_EACH=${1:-10}
JNATS=$(find ~/.m2/repository/io/nats/jnats -name 'jnats-*.jar' | sort | tail -n 1)
[ -n "$JNATS" ] || { echo "jnats is not in ~/.m2: build the project once (mvn -B package -DskipTests)"; exit 1; }
dir=$(mktemp -d /tmp/jetstream-r3.XXXXXX)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$dir"; }
trap cleanup EXIT
for i in 1 2 3; do
  cat >"$dir/n$i.conf" <<CONF
server_name: n$i
listen: 127.0.0.1:$((14221 + i))
jetstream { store_dir: "$dir/n$i" }
cluster {
  name: r3bench
  listen: 127.0.0.1:$((16221 + i))
  routes: [nats-route://127.0.0.1:16222, nats-route://127.0.0.1:16223, nats-route://127.0.0.1:16224]
}
CONF
  nats-server -c "$dir/n$i.conf" >"$dir/n$i.log" 2>&1 &
  pids+=($!)
done
# JetStream is ready once the meta group has a leader.
for _ in $(seq 1 60); do grep -q "JetStream cluster new metadata leader\|Self is new JetStream cluster metadata leader" "$dir"/n*.log && break; sleep 0.5; done
sleep 1
echo "nats-server $(nats-server --version | awk '{print $2}'), 3 nodes on $(nproc) CPUs (loadavg $(cut -d' ' -f1-3 /proc/loadavg))"
java -cp "$JNATS" scripts/JetStreamAckBench.java nats://127.0.0.1:14222,nats://127.0.0.1:14223,nats://127.0.0.1:14224 "$SECONDS_EACH"
