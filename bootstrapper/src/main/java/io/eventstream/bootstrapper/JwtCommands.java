package io.eventstream.bootstrapper;

import io.eventstream.common.jwt.JwtKeyFiles;
import io.eventstream.common.jwt.TokenMinter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The local token issuer, for {@code ./suite} (docs/security.md#http):
 * <pre>
 *   bootstrapper jwt-keys [--dir .suite/secrets/jwt]      create the signing key pair once (kept after)
 *   bootstrapper token c1 [--key FILE] [--ttl 8h]         print a customer's bearer token
 *   bootstrapper token --operator [--key FILE] [--ttl 8h] print an operator's bearer token
 * </pre>
 * The directory defaults to {@code EVENTSTREAM_JWT_DIR}, else {@code .suite/secrets/jwt}. A key
 * is never printed or logged, only its path; a token is printed (it is what was asked for).
 */
final class JwtCommands {

    static final String DIR_ENV = "EVENTSTREAM_JWT_DIR";
    static final String DEFAULT_DIR = ".suite/secrets/jwt";
    private static final Pattern TTL = Pattern.compile("(\\d{1,6})([smhd])");

    private JwtCommands() {
    }

    static boolean handles(String[] args) {
        return args.length > 0 && (args[0].equals("jwt-keys") || args[0].equals("token"));
    }

    static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        Path dir = Path.of(env.getOrDefault(DIR_ENV, DEFAULT_DIR));
        Callable<Integer> command = args[0].equals("jwt-keys") ? new Keys(dir, out) : new Token(dir, out);
        CommandLine commandLine = new CommandLine(command);
        commandLine.setExpandAtFiles(false);
        try {
            commandLine.parseArgs(Arrays.copyOfRange(args, 1, args.length));
            if (commandLine.isUsageHelpRequested()) {
                out.print(commandLine.getUsageMessage(CommandLine.Help.Ansi.OFF));
                return Bootstrapper.OK;
            }
            return command.call();
        } catch (CommandLine.ParameterException | UsageException e) {
            err.println("bootstrapper " + args[0] + ": " + Messages.firstLine(e.getMessage()) + " (see --help)");
            return Bootstrapper.USAGE;
        } catch (IOException e) {
            err.println("bootstrapper " + args[0] + ": " + Messages.firstLine(e.getMessage()));
            return Bootstrapper.FAILED;
        } catch (Exception e) {
            err.println("bootstrapper " + args[0] + ": failed: " + e.getClass().getSimpleName());
            return Bootstrapper.FAILED;
        }
    }

    @Command(name = "jwt-keys", mixinStandardHelpOptions = true,
            description = "Creates the token signing key pair (RSA 2048, RS256) unless it exists.")
    static final class Keys implements Callable<Integer> {

        private final PrintStream out;

        @Option(names = "--dir", description = "where private.pem (0600) and public.pem go")
        Path dir;

        Keys(Path dir, PrintStream out) {
            this.dir = dir;
            this.out = out;
        }

        @Override
        public Integer call() throws IOException {
            boolean created = JwtKeyFiles.ensure(dir);
            out.println("token signing keys " + dir.resolve(JwtKeyFiles.PRIVATE_KEY) + ", "
                    + dir.resolve(JwtKeyFiles.PUBLIC_KEY) + ": " + (created ? "created" : "already exist, kept"));
            return Bootstrapper.OK;
        }
    }

    @Command(name = "token", mixinStandardHelpOptions = true,
            description = "Prints a bearer token signed by the local key: a customer's, or an operator's.")
    static final class Token implements Callable<Integer> {

        private final PrintStream out;

        @Parameters(arity = "0..1", paramLabel = "CUSTOMER", description = "the customer id (the token's sub)")
        String customer;

        @Option(names = "--operator", description = "an operator's token (roles: [operator]): sees everything")
        boolean operator;

        @Option(names = "--key", description = "the private key (default: <dir>/private.pem)")
        Path key;

        @Option(names = "--ttl", defaultValue = "8h", description = "how long it is valid: 30m, 8h, 7d")
        String ttl;

        Token(Path dir, PrintStream out) {
            this.key = dir.resolve(JwtKeyFiles.PRIVATE_KEY);
            this.out = out;
        }

        @Override
        public Integer call() throws IOException {
            if (operator == (customer != null)) {
                throw new UsageException("give a customer id or --operator");
            }
            Duration validity = ttl(ttl);
            if (!Files.exists(key)) {
                throw new IOException(key + " does not exist: ./suite up (or bootstrapper jwt-keys) creates it");
            }
            TokenMinter minter = new TokenMinter(JwtKeyFiles.readPrivate(key), Clock.systemUTC());
            out.println(operator ? minter.operator(validity) : minter.customer(customer, validity));
            return Bootstrapper.OK;
        }

        private static Duration ttl(String text) {
            Matcher m = TTL.matcher(text.trim());
            if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
                throw new UsageException("--ttl must be a positive number with s, m, h or d, e.g. 8h");
            }
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        }
    }
}
