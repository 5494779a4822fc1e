package io.eventstream.loadtool.infra;

import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The loadtool's NATS connection: with {@code --nats-nkey FILE} as the NATS user whose seed is in
 * FILE (a NATS that requires the users of {@code bootstrapper nats-auth}: the bootstrapper's own,
 * {@code .suite/secrets/nats/bootstrapper.nk}, may read the streams and create the bench stream;
 * docs/security.md, "NATS"), else without credentials.
 */
public final class NatsConnect {

    private NatsConnect() {
    }

    public static Connection open(String url, String nkeyFile) throws IOException, InterruptedException {
        Options.Builder builder = new Options.Builder().servers(url.split(","));
        if (nkeyFile != null && !nkeyFile.isBlank()) {
            byte[] bytes = Files.readAllBytes(Path.of(nkeyFile));
            char[] seed = new String(bytes, StandardCharsets.US_ASCII).trim().toCharArray();
            Arrays.fill(bytes, (byte) 0);
            builder.authHandler(Nats.staticCredentials(null, seed));
        }
        return Nats.connect(builder.build());
    }
}
