package io.eventstream.bootstrapper;

import io.eventstream.common.events.OrderEventTypes;
import io.eventstream.common.nats.NatsAuthFiles;
import io.eventstream.common.nats.NatsProperties;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code bootstrapper nats-auth}: writes the NATS server's authorization (issue 17) into a
 * folder: one NKey seed per service ({@code <service>.nk}, 0600, created once, then kept) and
 * {@code auth.conf} (public keys and each user's permissions, {@code NatsPermissions} in common),
 * which the server's configuration includes. Needs no server: it runs before NATS starts
 * ({@code ./suite up}, docker-compose's {@code secrets-init}). It prints paths, never a seed.
 */
@Command(name = NatsAuthCommand.NAME,
        customSynopsis = "java -jar bootstrapper.jar nats-auth [--dir DIR] [--stream NAME]",
        description = {
            "",
            "Writes the NATS authorization: one NKey seed per service (<service>.nk, mode 0600, kept if",
            "present) and auth.conf (public keys and permissions) for the server's configuration to include."},
        optionListHeading = OptionTable.HEADING,
        usageHelpWidth = 120)
final class NatsAuthCommand {

    static final String NAME = "nats-auth";

    @Option(names = "--dir", paramLabel = "NATS_AUTH_DIR", defaultValue = ".suite/secrets/nats", order = 1,
            description = "the folder of the seeds and auth.conf")
    String dir;

    @Option(names = "--stream", paramLabel = "NATS_STREAM", defaultValue = NatsProperties.DEFAULT_STREAM, order = 2,
            description = "JetStream stream; the permissions name its subjects and <stream>_DLQ")
    String stream;

    @Option(names = {"-h", "--help"}, usageHelp = true, order = 3, description = "this help")
    boolean help;

    private NatsAuthCommand() {
    }

    static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        NatsAuthCommand command = new NatsAuthCommand();
        CommandLine commandLine = new CommandLine(command);
        commandLine.setDefaultValueProvider(new EnvironmentDefaults(env));
        commandLine.setExpandAtFiles(false);
        commandLine.getHelpSectionMap().put(picocli.CommandLine.Model.UsageMessageSpec.SECTION_KEY_OPTION_LIST,
                new OptionTable());
        try {
            commandLine.parseArgs(args);
        } catch (ParameterException e) {
            err.println("bootstrapper " + NAME + ": " + Messages.firstLine(e.getMessage()) + " (see --help)");
            return Bootstrapper.USAGE;
        }
        if (commandLine.isUsageHelpRequested()) {
            out.print(commandLine.getUsageMessage(Help.Ansi.OFF));
            return Bootstrapper.OK;
        }
        String streamName;
        try {
            streamName = Identifiers.stream(command.stream);
        } catch (UsageException e) {
            err.println("bootstrapper " + NAME + ": " + e.getMessage());
            return Bootstrapper.USAGE;
        }
        try {
            for (String line : new NatsAuthFiles(Path.of(command.dir)).ensure(new OrderEventTypes(streamName))) {
                out.println("nats-auth: " + line);
            }
            out.flush();
            return Bootstrapper.OK;
        } catch (IOException | RuntimeException e) {
            err.println("bootstrapper " + NAME + ": cannot write " + command.dir + ": " + Messages.of(e));
            return Bootstrapper.FAILED;
        }
    }
}
