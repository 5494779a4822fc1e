package io.eventstream.bootstrapper;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.MaxValuesExceededException;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.UsageMessageSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Reads the settings with picocli: flags ({@code --name value} or {@code --name=value}), then
 * environment variables, then the defaults for the local machine ({@link CommandLineOptions}).
 * A bad command line is a {@link UsageException} with one short line, never picocli's usage dump.
 */
final class CommandLineReader {

    private static final Pattern QUOTED_OPTION = Pattern.compile("option '(-[^']+)'");

    private CommandLineReader() {
    }

    /** The settings, or {@code null} when help was asked for. */
    static Settings parse(String[] args, Map<String, String> env) {
        CommandLineOptions options = new CommandLineOptions();
        CommandLine commandLine = commandLine(options, env);
        try {
            commandLine.parseArgs(args);
        } catch (ParameterException e) {
            throw new UsageException(message(e));
        }
        return commandLine.isUsageHelpRequested() ? null : options.settings();
    }

    /** Rendered without the environment: nothing from it (a password) can reach the help. */
    static String help() {
        return commandLine(new CommandLineOptions(), Map.of()).getUsageMessage(Help.Ansi.OFF);
    }

    private static CommandLine commandLine(CommandLineOptions options, Map<String, String> env) {
        CommandLine commandLine = new CommandLine(options);
        CommandLineOptions.addSchemaTargets(commandLine.getCommandSpec());
        commandLine.setDefaultValueProvider(new EnvironmentDefaults(env));
        // The last of a repeated flag wins (as before picocli): scripts append overrides to a base command.
        // https://picocli.info/#_overwritten_options
        commandLine.setOverwrittenOptionsAllowed(true);
        // '@file' is an argument like any other, not a file whose lines picocli reads in as arguments.
        // https://picocli.info/#AtFiles
        commandLine.setExpandAtFiles(false);
        // '-hx' is an unknown option, not -h plus -x.
        commandLine.setPosixClusteredShortOptionsAllowed(false);
        commandLine.getHelpSectionMap().put(UsageMessageSpec.SECTION_KEY_OPTION_LIST, new OptionTable());
        return commandLine;
    }

    private static String message(ParameterException e) {
        if (e instanceof UnmatchedArgumentException unmatched && !unmatched.getUnmatched().isEmpty()) {
            String arg = unmatched.getUnmatched().get(0);
            if (!arg.startsWith("-")) {
                return "unexpected argument '" + arg + "'";
            }
            int eq = arg.indexOf('=');
            // Only the name: the part after '=' may be a password given to a misspelt flag.
            return "unknown option " + (arg.startsWith("--") && eq > 0 ? arg.substring(0, eq) : arg);
        }
        if (e instanceof MissingParameterException missing) {
            return name(e.getArgSpec() != null ? e.getArgSpec() : first(missing.getMissing())) + " needs a value";
        }
        if (e instanceof MaxValuesExceededException) {
            // picocli names the option only in its message: "option '--drop' should be specified without 'x' parameter".
            Matcher option = QUOTED_OPTION.matcher(e.getMessage());
            if (option.lookingAt()) {
                return option.group(1) + " takes no value";
            }
        }
        return Messages.firstLine(e.getMessage());
    }

    private static ArgSpec first(List<ArgSpec> specs) {
        return specs == null || specs.isEmpty() ? null : specs.get(0);
    }

    private static String name(ArgSpec spec) {
        return spec instanceof OptionSpec option ? option.longestName() : "an option";
    }
}
