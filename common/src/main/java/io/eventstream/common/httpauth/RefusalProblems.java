package io.eventstream.common.httpauth;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * A refusal from inside the security filters, where no controller advice runs: counted
 * ({@link HttpRefusals}), then answered with its RFC 9457 problem in the same shape as the
 * services' other problems (application/problem+json; no {@code type}, which means
 * {@code about:blank}). The 401 and the 403 ({@link ProblemAuthenticationEntryPoint},
 * {@link ProblemAccessDeniedHandler}) both end here, so a refusal is never written uncounted.
 */
final class RefusalProblems {

    private final JsonMapper json;
    private final HttpRefusals refusals;

    RefusalProblems(JsonMapper json, HttpRefusals refusals) {
        this.json = json;
        this.refusals = refusals;
    }

    void refuse(HttpServletRequest request, HttpServletResponse response, String reason, int status, String title,
            String detail) throws IOException {
        refusals.count(reason);
        if (response.isCommitted()) {
            return;
        }
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("title", title);
        problem.put("status", status);
        problem.put("detail", detail);
        problem.put("instance", request.getRequestURI());
        response.setStatus(status);
        response.setContentType("application/problem+json");
        response.getOutputStream().write(json.writeValueAsBytes(problem));
    }
}
