package io.eventstream.bootstrapper;

import io.eventstream.common.tls.PkiFiles;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code bootstrapper certs [--dir DIR]}: the suite's certificate authority and one key and
 * certificate per service identity, for gRPC's mutual TLS. Creates what is missing, keeps what
 * is there (never overwrites); prints one line per file set, paths only. Rotation: delete the
 * folder (or one identity's .crt and .key; deleting ca.* re-issues everything) and run it again,
 * then restart the services.
 */
@Command(name = "certs", mixinStandardHelpOptions = true,
        description = "Create the local CA and one key and certificate per service (kept if present).")
final class CertsCommand {

    static final String NAME = "certs";

    @Option(names = "--dir", paramLabel = "DIR",
            description = "where the PEM files go (env EVENTSTREAM_TLS_DIR; default .suite/secrets/pki)")
    private String dir;

    private CertsCommand() {
    }

    static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        CertsCommand command = new CertsCommand();
        CommandLine line = new CommandLine(command);
        try {
            line.parseArgs(args);
        } catch (ParameterException e) {
            err.println("bootstrapper certs: " + Messages.firstLine(e.getMessage()) + " (see certs --help)");
            return Bootstrapper.USAGE;
        }
        if (line.isUsageHelpRequested()) {
            out.print(line.getUsageMessage(CommandLine.Help.Ansi.OFF));
            return Bootstrapper.OK;
        }
        String folder = command.dir != null ? command.dir
                : env.getOrDefault("EVENTSTREAM_TLS_DIR", ".suite/secrets/pki");
        try {
            PkiFiles.ensure(Path.of(folder), PkiFiles.IDENTITIES).forEach(out::println);
            return Bootstrapper.OK;
        } catch (RuntimeException e) {
            err.println("bootstrapper certs: failed: " + Messages.of(e));
            return Bootstrapper.FAILED;
        } finally {
            out.flush();
        }
    }
}
