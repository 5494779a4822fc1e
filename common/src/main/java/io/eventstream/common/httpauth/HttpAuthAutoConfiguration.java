package io.eventstream.common.httpauth;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import jakarta.servlet.DispatcherType;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.web.SecurityFilterChain;
import tools.jackson.databind.json.JsonMapper;

/**
 * The services that serve people are OAuth2 resource servers: every request but the health probes
 * carries a bearer JWT that verifies with the configured key or issuer (Spring Boot's
 * {@code spring.security.oauth2.resourceserver.jwt.*}); the actuator's other endpoints need the
 * operator; the service's {@link HttpAuthRules} add its own paths. Refusals answer RFC 9457
 * problems and are counted ({@link HttpRefusals}). Stateless: no session, no cookie, so no CSRF.
 *
 * <p>{@code eventstream.http-auth.enabled=false} turns the check off for the original's clients,
 * which sent no token, with one WARN line; no key is needed then.
 */
@AutoConfiguration(beforeName = {
        "org.springframework.boot.security.oauth2.server.resource.autoconfigure.OAuth2ResourceServerAutoConfiguration",
        "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
        "org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration",
        "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration"})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({SecurityFilterChain.class, JwtDecoder.class, JsonMapper.class})
@EnableWebSecurity
@EnableConfigurationProperties(HttpAuthProperties.class)
public class HttpAuthAutoConfiguration {

    private static final Logger log = LoggerFactory.getLogger(HttpAuthAutoConfiguration.class);

    @Bean
    HttpRefusals httpRefusals(ObjectProvider<MeterRegistry> registry) {
        return new HttpRefusals(registry.getIfAvailable(() -> Metrics.globalRegistry));
    }

    @Bean
    Callers callers(HttpAuthProperties props) {
        return new Callers(props.enabled());
    }

    @Bean
    NotYoursAdvice notYoursAdvice(HttpRefusals refusals) {
        return new NotYoursAdvice(refusals);
    }

    /**
     * No spans of Spring Security's own (filter chain, authentication, authorization, a span around
     * the secured request): a request's trace keeps its shape (the gRPC append right under the POST,
     * TraceTest), and the health probes, kept out of the traces, do not come back through them.
     */
    @Bean
    SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }

    /** With the check off, no token is verified: this stands in for Boot's decoder, which would want the key. */
    @Bean
    @ConditionalOnProperty(name = "eventstream.http-auth.enabled", havingValue = "false")
    JwtDecoder tokenCheckOff() {
        return token -> {
            throw new BadJwtException("the token check is off");
        };
    }

    @Bean
    SecurityFilterChain httpAuthFilterChain(HttpSecurity http, HttpAuthProperties props,
                                            ObjectProvider<HttpAuthRules> serviceRules, HttpRefusals refusals,
                                            ObjectProvider<JsonMapper> json, ObjectProvider<JwtDecoder> decoder,
                                            Environment env) throws Exception {
        http.csrf(AbstractHttpConfigurer::disable)
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .anonymous(AbstractHttpConfigurer::disable);
        String service = env.getProperty("spring.application.name", "this service");
        if (!props.enabled()) {
            log.warn("eventstream.http-auth.enabled=false: the HTTP token check of {} is OFF; anyone who reaches it "
                    + "may read and cancel any order, read any wallet and the metrics (for clients of the original only)",
                    service);
            // Spring Security out of the way: a chain that matches no request, so each request gets an
            // empty filter list instead of a dozen filters (context holder, headers, exception
            // translation, authorization against permitAll...) that did nothing for it. Callers does
            // not read the security context then.
            return http.securityMatcher(request -> false)
                    .authorizeHttpRequests(a -> a.anyRequest().permitAll()).build();
        }
        JwtDecoder verifier = decoder.getIfAvailable();
        if (verifier == null) {
            throw new IllegalStateException("eventstream.http-auth.enabled is true but no token verifier is set: set "
                    + "spring.security.oauth2.resourceserver.jwt.public-key-location (./suite up: "
                    + ".suite/secrets/jwt/public.pem), .issuer-uri or .jwk-set-uri; or turn the check off "
                    + "(eventstream.http-auth.enabled=false) for clients of the original");
        }
        HttpAuthRules rules = serviceRules.getIfAvailable(() -> requests -> { });
        RefusalProblems problems = new RefusalProblems(json.getIfAvailable(() -> JsonMapper.builder().build()),
                refusals);
        ProblemAuthenticationEntryPoint entryPoint = new ProblemAuthenticationEntryPoint(problems);
        ProblemAccessDeniedHandler denied = new ProblemAccessDeniedHandler(problems);
        http.authorizeHttpRequests(a -> {
                    // An SSE stream's async dispatches and the container's error dispatch carry no token of
                    // their own: the request that started them was authorized.
                    a.dispatcherTypeMatchers(DispatcherType.ASYNC, DispatcherType.ERROR).permitAll();
                    a.requestMatchers("/actuator/health", "/actuator/health/**").permitAll();
                    a.requestMatchers("/actuator", "/actuator/**").hasRole(HttpAuthRules.OPERATOR);
                    rules.authorize(a);
                    a.anyRequest().authenticated();
                })
                .oauth2ResourceServer(o -> o
                        .jwt(jwt -> jwt.decoder(cached(verifier, props))
                                .jwtAuthenticationConverter(new CallerJwtConverter(props)))
                        .bearerTokenResolver(new QueryTokenResolver(rules.queryTokenPaths()))
                        .authenticationEntryPoint(entryPoint)
                        .accessDeniedHandler(denied))
                .exceptionHandling(e -> e.authenticationEntryPoint(entryPoint).accessDeniedHandler(denied));
        log.info("{}: bearer tokens required (customer claim '{}', operator role '{}' in '{}'; {} verified tokens "
                + "remembered up to {})", service, props.customerClaim(), props.operatorRole(), props.operatorClaim(),
                props.tokenCache(), props.tokenCacheMaxAge());
        return http.build();
    }

    private static JwtDecoder cached(JwtDecoder verifier, HttpAuthProperties props) {
        return props.tokenCache() > 0
                ? new VerifiedTokenCache(verifier, props.tokenCache(), props.tokenCacheMaxAge(), Clock.systemUTC())
                : verifier;
    }
}
