package io.eventstream.loadtool.orders;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One keep-alive HTTP/1.1 connection, used by one closed-loop client thread: write the request,
 * read the answer, on the calling thread. The JDK's HttpClient hands every exchange between the
 * caller, its selector thread and an executor (futures, queues, wake-ups); with sixteen clients
 * that bookkeeping cost the load tool more CPU per order than the services' own HTTP handling.
 * Plain {@code http} only (the suite's order API); anything it does not understand fails the
 * request, which then counts as failed, as it did with the JDK client.
 */
final class PlainHttp implements AutoCloseable {

    /** Status and body of one answer. */
    record Response(int status, String body) {
    }

    private static final int TIMEOUT_MILLIS = 30_000;
    private static final int CONNECT_TIMEOUT_MILLIS = 5_000;

    private final String host;
    private final int port;
    private final String path;
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    PlainHttp(URI uri) {
        if (!"http".equals(uri.getScheme())) {
            throw new IllegalArgumentException("plain HTTP only: " + uri);
        }
        this.host = uri.getHost();
        this.port = uri.getPort() < 0 ? 80 : uri.getPort();
        this.path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    }

    /**
     * POSTs a JSON body. A kept-alive connection the server closed while it was idle fails on
     * first use before any byte of an answer (the write fails, or the read meets the end or a
     * reset at once); such a request is sent once more on a new connection, as a browser does.
     * That cannot place an order twice if the service did take the first one after all: the
     * request carries {@code idempotencyKey} (null: none). Any other failure (a timeout, an
     * answer cut short) is thrown.
     */
    Response postJson(String json, String authorization, String idempotencyKey) throws IOException {
        byte[] request = request(json, authorization, idempotencyKey);
        boolean reused = socket != null;
        try {
            return exchange(request);
        } catch (StaleConnection e) {
            close();
            if (!reused) {
                throw e;
            }
            return exchange(request);
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    private Response exchange(byte[] request) throws IOException {
        if (socket == null) {
            connect();
        }
        try {
            out.write(request);
            out.flush();
        } catch (IOException e) {
            throw new StaleConnection();
        }
        int first;
        try {
            first = in.read();
        } catch (SocketTimeoutException e) {
            throw e;
        } catch (IOException e) {
            throw new StaleConnection(); // reset by a peer that had closed it
        }
        if (first < 0) {
            throw new StaleConnection();
        }
        String statusLine = (char) first + line();
        // "HTTP/1.1 201 Created"
        if (!statusLine.startsWith("HTTP/1.") || statusLine.length() < 12) {
            throw new IOException("not an HTTP answer: " + statusLine);
        }
        int status = Integer.parseInt(statusLine.substring(9, 12));
        long length = -1;
        boolean chunked = false;
        boolean closeAfter = statusLine.startsWith("HTTP/1.0");
        for (String header = line(); !header.isEmpty(); header = line()) {
            int colon = header.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = header.substring(colon + 1).trim();
            switch (name) {
                case "content-length" -> length = Long.parseLong(value);
                case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                case "connection" -> closeAfter = value.equalsIgnoreCase("close");
                default -> { }
            }
        }
        String body;
        if (chunked) {
            body = chunkedBody();
        } else if (length >= 0) {
            body = new String(exactly((int) length), StandardCharsets.UTF_8);
        } else {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8); // ends with the connection
            closeAfter = true;
        }
        if (closeAfter) {
            close();
        }
        return new Response(status, body);
    }

    private byte[] request(String json, String authorization, String idempotencyKey) {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder(160 + (authorization == null ? 0 : authorization.length()))
                .append("POST ").append(path).append(" HTTP/1.1\r\nHost: ").append(host).append(':').append(port)
                .append("\r\nContent-Type: application/json\r\nContent-Length: ").append(body.length);
        if (authorization != null) {
            head.append("\r\nAuthorization: ").append(authorization);
        }
        if (idempotencyKey != null) {
            head.append("\r\nIdempotency-Key: ").append(idempotencyKey);
        }
        byte[] headBytes = head.append("\r\n\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
        byte[] request = new byte[headBytes.length + body.length];
        System.arraycopy(headBytes, 0, request, 0, headBytes.length);
        System.arraycopy(body, 0, request, headBytes.length, body.length);
        return request;
    }

    private String chunkedBody() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream(256);
        while (true) {
            String sizeLine = line();
            int semicolon = sizeLine.indexOf(';');
            int size = Integer.parseInt((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
            if (size == 0) {
                while (!line().isEmpty()) {
                    // trailers: none expected, skipped
                }
                return body.toString(StandardCharsets.UTF_8);
            }
            body.write(exactly(size));
            line(); // the CRLF after each chunk
        }
    }

    private byte[] exactly(int n) throws IOException {
        byte[] bytes = in.readNBytes(n);
        if (bytes.length < n) {
            throw new EOFException("the connection ended inside an answer");
        }
        return bytes;
    }

    /** A header line without its CRLF (ISO-8859-1, as HTTP/1.1 headers are). */
    private String line() throws IOException {
        StringBuilder line = new StringBuilder(64);
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new EOFException("the connection ended inside an answer");
            }
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }

    private void connect() throws IOException {
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true);
            s.setSoTimeout(TIMEOUT_MILLIS);
            s.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MILLIS);
            in = new BufferedInputStream(s.getInputStream(), 8192);
            out = s.getOutputStream();
            socket = s;
        } catch (IOException e) {
            s.close();
            throw e;
        }
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing: nothing to do about it
            }
            socket = null;
        }
    }

    /** The server closed a kept-alive connection before this request's answer began. */
    private static final class StaleConnection extends IOException {
        StaleConnection() {
            super("the server closed the connection");
        }
    }
}
