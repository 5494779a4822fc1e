package io.eventstream.common.httpauth;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.oauth2.server.resource.web.access.BearerTokenAccessDeniedHandler;
import org.springframework.security.web.access.AccessDeniedHandler;

/** 403 problem: a valid token without the operator role on an operator's path (board, metrics). */
final class ProblemAccessDeniedHandler implements AccessDeniedHandler {

    private final BearerTokenAccessDeniedHandler bearer = new BearerTokenAccessDeniedHandler();
    private final ProblemWriter problems;
    private final HttpRefusals refusals;

    ProblemAccessDeniedHandler(ProblemWriter problems, HttpRefusals refusals) {
        this.problems = problems;
        this.refusals = refusals;
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e)
            throws IOException {
        bearer.handle(request, response, e);
        refusals.count("not-operator");
        problems.write(request, response, HttpServletResponse.SC_FORBIDDEN, "Forbidden",
                "This needs the operator role");
    }
}
