package io.eventstream.bootstrapper;

import java.util.Comparator;
import picocli.CommandLine.Help;
import picocli.CommandLine.IHelpSectionRenderer;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The option list of {@code --help}: one line per option, flag, environment variable, meaning,
 * declared default. deploy-checks' EnvironmentBindingTest reads the variables from these lines
 * (two spaces, the flag, spaces, the variable), so the layout is fixed here rather than left to
 * picocli's default option list, which puts {@code --flag=LABEL} in one column and wraps.
 *
 * <p>Only the declared default is shown, never a value from the environment or the command line:
 * the passwords declare none, so theirs is always "none".
 */
final class OptionTable implements IHelpSectionRenderer {

    /** The heading above the table, naming its columns: each command's {@code optionListHeading}. */
    static final String HEADING = "%nOptions (flag, environment variable, default):%n";

    @Override
    public String render(Help help) {
        StringBuilder text = new StringBuilder();
        help.commandSpec().options().stream()
                .sorted(Comparator.comparingInt(OptionSpec::order))
                .forEach(option -> text.append(line(option)));
        return text.toString();
    }

    private static String line(OptionSpec option) {
        boolean isSwitch = option.arity().max() == 0;
        String declared = option.defaultValue();
        String shown = isSwitch ? ""
                : declared == null || declared.isEmpty() ? " (default: none)"
                : " (default: " + declared + ")";
        return String.format("  %-19s %-18s %s%s%n", String.join(", ", option.names()),
                isSwitch ? "" : option.paramLabel(), String.join(" ", option.description()), shown);
    }
}
