package io.eventstream.orders.http;

import org.apache.catalina.Lifecycle;
import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/** Tomcat's own error answers (see {@link ProblemErrorReportValve}) as problem bodies. */
@Configuration(proxyBeanMethods = false)
class TomcatErrorsConfig {

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemErrorReportValve(JsonMapper json) {
        return factory -> factory.addContextCustomizers(context -> {
            StandardHost host = (StandardHost) context.getParent();
            ProblemErrorReportValve valve = new ProblemErrorReportValve(json);
            // The host adds an ErrorReportValve of this class when it starts unless one is there;
            // Spring Boot adds a plain one itself (before or after this customizer). Keep only ours.
            host.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
            host.addLifecycleListener(event -> {
                if (Lifecycle.BEFORE_START_EVENT.equals(event.getType())) {
                    for (Valve other : host.getPipeline().getValves()) {
                        if (other instanceof ErrorReportValve && other != valve) {
                            host.getPipeline().removeValve(other);
                        }
                    }
                }
            });
            host.getPipeline().addValve(valve);
        });
    }
}
