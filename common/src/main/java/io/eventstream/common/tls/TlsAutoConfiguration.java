package io.eventstream.common.tls;

import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.ssl.SslBundleRegistrar;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.pem.PemSslStoreBundle;
import org.springframework.boot.ssl.pem.PemSslStoreDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.env.Environment;

/**
 * The service's certificate as Spring Boot's SSL bundle {@value #BUNDLE}: {@code <identity>.crt}
 * and {@code .key} from {@code eventstream.tls.dir}, trusting {@code ca.crt} only. The gRPC
 * channel and server name it in their own settings ({@code spring.grpc.client.channel.eventstore.ssl.*},
 * {@code spring.grpc.server.ssl.*}), so a service's configuration names a folder, not three files.
 * Only made when one of them has TLS on: querymodel-worker, which has no gRPC, needs no files.
 */
@AutoConfiguration(beforeName = "org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration")
@EnableConfigurationProperties(TlsProperties.class)
@Conditional(TlsAutoConfiguration.GrpcUsesTls.class)
public class TlsAutoConfiguration {

    public static final String BUNDLE = "eventstream";

    @Bean
    TlsFiles eventstreamTlsFiles(TlsProperties props, Environment env) {
        TlsFiles files = TlsFiles.of(props, env.getProperty("spring.application.name", ""));
        LoggerFactory.getLogger(TlsAutoConfiguration.class).info("gRPC TLS engine: {}", TlsEngine.describe());
        return files;
    }

    @Bean
    SslBundleRegistrar eventstreamSslBundle(TlsFiles files) {
        return registry -> registry.registerBundle(BUNDLE, SslBundle.of(new PemSslStoreBundle(
                PemSslStoreDetails.forCertificate(files.certificateLocation()).withPrivateKey(files.keyLocation()),
                PemSslStoreDetails.forCertificate(files.caLocation()))));
    }

    static final class GrpcUsesTls extends AnyNestedCondition {

        GrpcUsesTls() {
            super(ConfigurationPhase.REGISTER_BEAN);
        }

        @ConditionalOnProperty(prefix = "spring.grpc.client.channel.eventstore.ssl", name = "enabled", havingValue = "true")
        static class Client {
        }

        @ConditionalOnProperty(prefix = "spring.grpc.server.ssl", name = "enabled", havingValue = "true")
        static class Server {
        }
    }
}
