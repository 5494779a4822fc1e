#!/usr/bin/env bash
# Sourced by ./suite (not run on its own): the demo order and its journey, and the bearer tokens it and `./suite token` use. Uses the suite's settings
# and helpers (STATE, JWT_DIR, NATS_*, jar_of, say ...), defined there before it sources this file.

# A bearer token signed by the local key: token <customer> | token --operator.
token() {
  java -jar "$(jar_of bootstrapper)" token "$@" --key "$JWT_DIR/private.pem"
}

json_field() { # field: first "field":"value" or "field":number
  sed -n -E "s/.*\"$1\":\"?([^\",}]*)\"?.*/\1/p" | head -n 1
}

# Reports the demo POST as a client span to Zipkin: the parent the traceparent names.
demo_client_span() { # trace_id span_id start_ns end_ns
  local span
  span=$(printf '[{"traceId":"%s","id":"%s","kind":"CLIENT","name":"post /api/orders","timestamp":%s,"duration":%s,"localEndpoint":{"serviceName":"suite-demo"},"remoteEndpoint":{"serviceName":"order-service"}}]' \
    "$1" "$2" "$(( $3 / 1000 ))" "$(( ($4 - $3) / 1000 ))")
  curl -fs -o /dev/null -X POST -H 'Content-Type: application/json' -d "$span" "$ZIPKIN_URL/api/v2/spans" \
    || say "could not report the demo's client span to zipkin (the trace lacks its root span)"
}

demo() {
  local body response order_id status last="" started headers trace_id auth client_span posted_at answered
  # The demo customer's own token: it places, reads and follows its own order.
  auth="Authorization: Bearer $(token demo-customer)"
  body='{"customer_id":"demo-customer","restaurant_id":"demo-restaurant","order_items":[{"code":"p1","name":"Pizza","unit_price":10.5,"quantity":2}]}'
  # The services sample one trace in ten; a sampled W3C traceparent (flags 01) makes this
  # order's whole journey traced whatever the probability (parent-based sampling).
  trace_id=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
  client_span=$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')
  say "POST $ORDER_API/api/orders $body"
  headers=$(mktemp)
  posted_at=$(date +%s%N)
  response=$(curl -fsS -D "$headers" -X POST -H "$auth" -H "traceparent: 00-$trace_id-$client_span-01" \
    -H 'Content-Type: application/json' -d "$body" "$ORDER_API/api/orders")
  answered=$(tr -d '\r' <"$headers" | sed -n -E 's/^[Xx]-[Tt]race-[Ii]d: *([0-9a-f]+).*/\1/p' | head -n 1)
  rm -f "$headers"
  if [ "$answered" != "$trace_id" ]; then
    say "order-service answered trace ${answered:-(none)}, not the sampled $trace_id: is it the suite's?"
    trace_id=$answered
  elif [ "$ZIPKIN" = 1 ]; then
    # The demo's own client span, so the trace has its root (the POST's span is its child).
    demo_client_span "$trace_id" "$client_span" "$posted_at" "$(date +%s%N)"
  fi
  echo "  -> 201 $response"
  order_id=$(echo "$response" | json_field order_id)
  [ -n "$order_id" ] || { say "no order_id in the answer"; exit 1; }
  started=$(date +%s%N)
  for _ in $(seq 1 300); do
    status=$(curl -fs -H "$auth" "$ORDER_API/api/orders/$order_id" | json_field status || true)
    if [ -n "$status" ] && [ "$status" != "$last" ]; then
      echo "  $(( ($(date +%s%N) - started) / 1000000 )) ms: status $status"
      last=$status
    fi
    case "$status" in Approved|Rejected|Cancelled) break ;; esac
    sleep 0.1
  done
  say "events of order $order_id:"
  curl -fs -H "$auth" "$ORDER_API/api/orders/$order_id/events" | sed -E 's/\},\{/}\n{/g' | sed -E 's/^\[?/  /; s/\]$//'
  echo
  case "$last" in
    Approved|Rejected|Cancelled)
      say "order $order_id ended $last; see $ORDER_API/api/orders/$order_id"
      if [ "$ZIPKIN" = 1 ] && [ -n "$trace_id" ]; then
        say "its trace (every service, a few seconds after the order ends): $ZIPKIN_URL/zipkin/traces/$trace_id"
      fi ;;
    *) say "order $order_id is still ${last:-not visible} after 30 s: see ./suite status and .suite/logs"; exit 1 ;;
  esac
}
