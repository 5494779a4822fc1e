package io.eventstream.e2e;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * The hostile inputs to the order API, in the order the table prints them. Apart from how each
 * is sent and judged ({@link BadInputHttpChecks}) so that the list reads one case a line and a
 * case added or lost (the docs state {@link BadInputTest#CASES}) is plain in a diff.
 */
final class BadInputHttpCases extends BadInputHttpChecks {

    private static final String ITEM = "{\"code\":\"p1\",\"name\":\"Pizza\",\"unit_price\":10.50,\"quantity\":1}";

    BadInputHttpCases(Suite suite, int apiPort, BadInputTable table) {
        super(suite, apiPort, table);
    }

    void run() throws Exception {
        httpBodies();
        httpPathsAndQueries();
        httpAcceptedAsData();
    }

    // ---------------------------------------------------------------- HTTP: POST /api/orders bodies

    private void httpBodies() throws Exception {
        postBad("malformed JSON", "{\"customer_id\":", 400);
        String valid = order("c1", "r1", ITEM);
        postBad("truncated JSON (half an order)", valid.substring(0, valid.length() / 2), 400);
        postBad("empty body", "", 400);
        postBad("JSON null", "null", 400);
        postBad("JSON array instead of object", "[]", 400);
        postBad("JSON string instead of object", "\"order\"", 400);
        postBad("customer_id is a number", "{\"customer_id\":42,\"restaurant_id\":\"r1\",\"order_items\":[" + ITEM + "]}", 400);
        postBad("customer_id is null", "{\"customer_id\":null,\"restaurant_id\":\"r1\",\"order_items\":[" + ITEM + "]}", 400);
        postBad("customer_id blank", order(" ", "r1", ITEM), 400);
        postBad("customer_id 201 characters", order("c".repeat(201), "r1", ITEM), 400);
        postBad("restaurant_id missing", "{\"customer_id\":\"c1\",\"order_items\":[" + ITEM + "]}", 400);
        postBad("order_items is a string", "{\"customer_id\":\"c1\",\"restaurant_id\":\"r1\",\"order_items\":\"pizza\"}", 400);
        postBad("order_items empty", order("c1", "r1", ""), 400);
        postBad("order_items[0] is null", order("c1", "r1", "null"), 400);
        postBad("quantity 0", order("c1", "r1", item("1.00", "0")), 400);
        postBad("quantity negative", order("c1", "r1", item("1.00", "-3")), 400);
        postBad("quantity huge (1e12)", order("c1", "r1", item("1.00", "1000000000000")), 400);
        postBad("quantity beyond int64", order("c1", "r1", item("1.00", "99999999999999999999999")), 400);
        postBad("quantity fractional", order("c1", "r1", item("1.00", "2.5")), 400);
        postBad("quantity as string", order("c1", "r1", item("1.00", "\"2\"")), 400);
        postBad("quantity null", order("c1", "r1", item("1.00", "null")), 400);
        postBad("unit_price negative", order("c1", "r1", item("-0.01", "1")), 400);
        postBad("unit_price huge (1e20)", order("c1", "r1", item("1e20", "1")), 400);
        postBad("unit_price 3 decimals", order("c1", "r1", item("1.001", "1")), 400);
        postBad("unit_price NaN literal", order("c1", "r1", item("NaN", "1")), 400);
        postBad("unit_price Infinity literal", order("c1", "r1", item("Infinity", "1")), 400);
        postBad("unit_price -Infinity literal", order("c1", "r1", item("-Infinity", "1")), 400);
        postBad("unit_price \"NaN\" string", order("c1", "r1", item("\"NaN\"", "1")), 400);
        postBad("total over DECIMAL(14,2)", order("c1", "r1", item("999999999999.99", "2")), 400);
        postBad("101 items (limit 100)", order("c1", "r1", String.join(",", java.util.Collections.nCopies(101, ITEM))), 400);
        postBad("10,000 items", order("c1", "r1", String.join(",", java.util.Collections.nCopies(10_000, ITEM))), 413);
        postBad("10 MB body", order("c1", "r1", item("1.00", "1")).replace("\"p1\"",
                "\"" + "x".repeat(10 * 1024 * 1024) + "\""), 413);
        postBad("100,000 nested '['", "[".repeat(100_000), 413);
        postBad("50,000 nested '[' (within the size limit)", "{\"customer_id\":" + "[".repeat(50_000), 400);
        postBad("10,000 nested objects", "{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000), 400);
        postBadBytes("invalid UTF-8 (0xC3 0x28) in a name", withBytes(order("c1", "r1", item("1.00", "1")),
                "Pizza", new byte[] {(byte) 0xC3, 0x28}), "application/json", 400);
        postBadBytes("invalid UTF-8 (lone 0xFF) in a name", withBytes(order("c1", "r1", item("1.00", "1")),
                "Pizza", new byte[] {(byte) 0xFF}), "application/json", 400);
        postBad("NUL character (\\u0000) in a name", order("c1", "r1", ITEM.replace("Pizza", "Pi\\u0000zza")), 400);
        postBad("lone surrogate (\\ud800) in a name", order("c1", "r1", ITEM.replace("Pizza", "Pi\\ud800zza")), 400);
        postBadBytes("Content-Type text/plain", order("c1", "r1", ITEM).getBytes(StandardCharsets.UTF_8), "text/plain", 415);
        postBadBytes("Content-Type application/xml", "<order/>".getBytes(StandardCharsets.UTF_8), "application/xml", 415);
        postBadBytes("Content-Type form-urlencoded", "customer_id=c1".getBytes(StandardCharsets.UTF_8),
                "application/x-www-form-urlencoded", 415);
        postBadBytes("no Content-Type", order("c1", "r1", ITEM).getBytes(StandardCharsets.UTF_8), null, 415);
        httpBad("Idempotency-Key with non-ASCII", request("/api/orders").header("Content-Type", "application/json")
                .header("Idempotency-Key", "key with spaces").POST(HttpRequest.BodyPublishers.ofString(order("c1", "r1", ITEM))), 400);
        httpBad("PUT /api/orders (method not allowed)", request("/api/orders").header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(order("c1", "r1", ITEM))), 405);
    }

    // ---------------------------------------------------------------- HTTP: ids in paths, list queries

    private void httpPathsAndQueries() throws Exception {
        httpBad("GET id not a UUID", request("/api/orders/not-a-uuid").GET(), 400);
        httpBad("GET id ..%2F..%2Factuator", request("/api/orders/..%2F..%2Factuator%2Fhealth").GET(), 400);
        httpBad("GET id 5,000 characters", request("/api/orders/" + "a".repeat(5_000)).GET(), 400);
        httpBad("GET id unicode", request("/api/orders/%C3%A9%E2%9C%93%F0%9F%8D%95").GET(), 400);
        httpBad("GET id %00", request("/api/orders/%00").GET(), 400);
        httpBad("GET id %2e%2e above the root", request("/api/orders/%2e%2e/%2e%2e/%2e%2e/etc/passwd").GET(), 400);
        // Java's HTTP client will not send these; they go over a raw socket.
        httpBadRaw("GET id ../ above the root (raw)", "GET /api/orders/../../../etc/passwd");
        httpBadRaw("GET id invalid percent-encoding %zz (raw)", "GET /api/orders/%zz");
        httpBadRaw("GET id overlong UTF-8 %C0%AE (raw)", "GET /api/orders/%C0%AE%C0%AE");
        httpBadRaw("GET id with '{}' (raw)", "GET /api/orders/{}");
        httpBad("GET id SQL fragment", request("/api/orders/1%27%20OR%20%271%27%3D%271").GET(), 400);
        httpBad("GET unknown UUID", request("/api/orders/" + UUID.randomUUID()).GET(), 404);
        httpBad("cancel id not a UUID", request("/api/orders/nope/cancel").POST(HttpRequest.BodyPublishers.noBody()), 400);
        httpBad("cancel id ..%2F", request("/api/orders/..%2F..%2Fx/cancel").POST(HttpRequest.BodyPublishers.noBody()), 400);
        httpBad("cancel id %00", request("/api/orders/%00/cancel").POST(HttpRequest.BodyPublishers.noBody()), 400);
        httpBadRaw("cancel id %zz (raw)", "POST /api/orders/%zz/cancel");
        httpBad("cancel unknown UUID", request("/api/orders/" + UUID.randomUUID() + "/cancel")
                .POST(HttpRequest.BodyPublishers.noBody()), 404);
        httpBad("list without customer_id", request("/api/orders").GET(), 400);
        httpBad("list size -1", request("/api/orders?customer_id=c1&size=-1").GET(), 400);
        httpBad("list size 100000", request("/api/orders?customer_id=c1&size=100000").GET(), 400);
        httpBad("list page not a number", request("/api/orders?customer_id=c1&page=abc").GET(), 400);
        long before = eventCount();
        HttpResponse<String> list = send(request("/api/orders?customer_id=%27%3B%20DROP%20TABLE%20orders%3B%20--").GET());
        boolean ok = list.statusCode() == 200 && JSON.readTree(list.body()).toString().contains("[]")
                && eventCount() == before;
        table.add("HTTP", "list with SQL fragment as customer_id (data)", "200, empty", list.statusCode() + "", ok);
    }

    // ---------------------------------------------------------------- HTTP: odd but valid data is stored verbatim

    private void httpAcceptedAsData() throws Exception {
        String unknown = "{\"customer_id\":\"c1\",\"restaurant_id\":\"r1\",\"is_admin\":true,\"__proto__\":{\"x\":1},"
                + "\"order_items\":[{\"code\":\"p1\",\"name\":\"Pizza\",\"unit_price\":1,\"quantity\":1,\"discount\":99}]}";
        accepted("unknown fields (ignored, not echoed)", unknown, "c1", "Pizza");
        accepted("script in name", order("c1", "r1", ITEM.replace("Pizza", "<script>alert(1)</script>")),
                "c1", "<script>alert(1)</script>");
        accepted("SQL in name and customer_id", order("'; DROP TABLE events; --", "r1",
                ITEM.replace("Pizza", "Robert'); DROP TABLE orders;--")), "'; DROP TABLE events; --",
                "Robert'); DROP TABLE orders;--");
        accepted("unicode name", order("c1", "r1", ITEM.replace("Pizza", "Crème brûlée 🍮 ピザ")), "c1",
                "Crème brûlée 🍮 ピザ");
    }

    // ---------------------------------------------------------------- helpers

    private static String order(String customerId, String restaurantId, String items) {
        return "{\"customer_id\":\"" + customerId + "\",\"restaurant_id\":\"" + restaurantId
                + "\",\"order_items\":[" + items + "]}";
    }

    private static String item(String unitPrice, String quantity) {
        return "{\"code\":\"p1\",\"name\":\"Pizza\",\"unit_price\":" + unitPrice + ",\"quantity\":" + quantity + "}";
    }

    /** The UTF-8 of {@code json} with the first {@code marker} replaced by raw bytes. */
    private static byte[] withBytes(String json, String marker, byte[] raw) {
        int at = json.indexOf(marker);
        byte[] head = json.substring(0, at).getBytes(StandardCharsets.UTF_8);
        byte[] tail = json.substring(at + marker.length()).getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[head.length + raw.length + tail.length];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(raw, 0, out, head.length, raw.length);
        System.arraycopy(tail, 0, out, head.length + raw.length, tail.length);
        return out;
    }
}
