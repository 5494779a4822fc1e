package io.eventstream.orders.http;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tomcat's error page, as an RFC 9457 problem instead of HTML.
 *
 * <p>Tomcat refuses some requests itself before any filter or controller runs: an encoded NUL
 * ({@code %00}) or {@code /} ({@code %2F}) in the path, invalid percent-encoding ({@code %zz}),
 * a {@code ..} that climbs above the root, characters not allowed in a request target. Those
 * answers come from the host's error report valve, which this one replaces. The detail is fixed
 * per status: Tomcat's own message can quote the request, and a client needs none of the server's
 * name, version or stack. Errors the application already answered (a body was written) pass
 * untouched.
 */
public class ProblemErrorReportValve extends ErrorReportValve {

    private final JsonMapper json;

    public ProblemErrorReportValve(JsonMapper json) {
        this.json = json;
        setShowReport(false);
        setShowServerInfo(false);
    }

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        // The same guards as Tomcat's: only errors without a body, reported once, while I/O is possible.
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        AtomicBoolean ioAllowed = new AtomicBoolean(false);
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
        if (!ioAllowed.get()) {
            return;
        }
        try {
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            response.setCharacterEncoding("UTF-8");
            PrintWriter writer = response.getReporter();
            if (writer != null) {
                writer.write(json.writeValueAsString(problem(status)));
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // The client went away or the response cannot take a body: nothing more to say.
        }
    }

    static ProblemDetail problem(int status) {
        HttpStatus known = HttpStatus.resolve(status);
        String title = known != null ? known.getReasonPhrase() : "Error";
        String detail = switch (status) {
            case 400 -> "The request is malformed or its URL is not allowed: e.g. an encoded NUL (%00) or '/' (%2F), "
                    + "invalid percent-encoding, a '..' above the root, or a character not allowed in a URL";
            case 404 -> "No such resource";
            case 405 -> "The method is not allowed for this resource";
            case 413, 414, 431 -> "The request line, headers or body are too large";
            case 501, 505 -> "The request's method or HTTP version is not supported";
            default -> status < 500 ? "The request was refused" : "The server could not handle the request";
        };
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatusCode.valueOf(status), detail);
        problem.setTitle(title);
        return problem;
    }
}
