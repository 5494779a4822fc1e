package io.eventstream.common.nats;

import io.nats.client.AuthHandler;
import io.nats.client.NKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Arrays;

/**
 * Authenticates with an NKey whose seed is in a file (what the bootstrapper's {@code nats-auth}
 * writes, one per service): the server sends a nonce, the client signs it with the seed and
 * sends the public key; the server keeps only public keys, so its configuration holds no secret
 * (https://docs.nats.io/running-a-nats-service/configuration/securing_nats/auth_intro/nkey_auth).
 * The file is read at every (re)connect, never kept in memory in between, and its content never
 * appears in a message.
 */
public final class NkeyFileAuthHandler implements AuthHandler {

    private final Path seedFile;

    public NkeyFileAuthHandler(Path seedFile) {
        this.seedFile = seedFile;
    }

    /** Fails at start-up, with the path, when the file is not there or not a seed. */
    public static NkeyFileAuthHandler checked(Path seedFile) throws IOException {
        NkeyFileAuthHandler handler = new NkeyFileAuthHandler(seedFile);
        char[] id = handler.getID();
        Arrays.fill(id, '\0');
        return handler;
    }

    @Override
    public byte[] sign(byte[] nonce) {
        NKey key = key();
        try {
            return key.sign(nonce);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot sign with the NKey of " + seedFile + ": " + e.getClass().getSimpleName());
        } finally {
            key.clear();
        }
    }

    @Override
    public char[] getID() {
        NKey key = key();
        try {
            return key.getPublicKey();
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot read the NKey in " + seedFile + ": " + e.getClass().getSimpleName());
        } finally {
            key.clear();
        }
    }

    /** No JWT: a plain NKey user of the server's configuration. */
    @Override
    public char[] getJWT() {
        return null;
    }

    private NKey key() {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(seedFile);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the NATS NKey seed file " + seedFile, e);
        }
        char[] seed = new String(bytes, StandardCharsets.US_ASCII).trim().toCharArray();
        Arrays.fill(bytes, (byte) 0);
        try {
            return NKey.fromSeed(seed);
        } catch (RuntimeException e) {
            // The exception's message might quote the seed: only the path is said.
            throw new IllegalStateException("the NATS NKey seed file " + seedFile + " holds no user seed");
        } finally {
            Arrays.fill(seed, '\0');
        }
    }
}
