package io.eventstream.common.httpauth;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * A verified token to an authentication: named by the customer claim, with {@code ROLE_OPERATOR}
 * when the roles claim holds the operator role. Nothing else of the token grants anything.
 */
final class CallerJwtConverter implements Converter<Jwt, AbstractAuthenticationToken> {

    static final String OPERATOR_AUTHORITY = "ROLE_" + HttpAuthRules.OPERATOR;

    private final HttpAuthProperties props;

    CallerJwtConverter(HttpAuthProperties props) {
        this.props = props;
    }

    @Override
    public AbstractAuthenticationToken convert(Jwt jwt) {
        List<GrantedAuthority> authorities = roles(jwt.getClaims().get(props.operatorClaim()))
                .contains(props.operatorRole()) ? List.of(new SimpleGrantedAuthority(OPERATOR_AUTHORITY)) : List.of();
        String customer = jwt.getClaimAsString(props.customerClaim());
        return new JwtAuthenticationToken(jwt, authorities, customer == null ? "" : customer);
    }

    private static Collection<String> roles(Object claim) {
        if (claim instanceof Collection<?> values) {
            return values.stream().map(String::valueOf).toList();
        }
        if (claim instanceof String text) {
            return Arrays.asList(text.trim().split("[\\s,]+"));
        }
        return List.of();
    }
}
