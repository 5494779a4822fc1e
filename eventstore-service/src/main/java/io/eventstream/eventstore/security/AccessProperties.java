package io.eventstream.eventstore.security;

import io.eventstream.eventstore.access.AccessTable;
import io.eventstream.eventstore.access.Grant;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The access table ({@code eventstream.access.identities.<identity>.append / .read}); shipped in
 * application.yml. An identity missing from it may do nothing.
 *
 * @param identities each identity (a certificate's subject CN) and what it may do
 */
@ConfigurationProperties("eventstream.access")
public record AccessProperties(Map<String, Grant> identities) {

    public AccessProperties {
        identities = identities == null ? Map.of() : Map.copyOf(identities);
    }

    AccessTable table() {
        return new AccessTable(identities);
    }
}
