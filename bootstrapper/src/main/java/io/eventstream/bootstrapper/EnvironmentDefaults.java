package io.eventstream.bootstrapper;

import java.util.Map;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * An option not given on the command line takes the environment variable named by its
 * {@code paramLabel}; picocli asks this provider before it falls back to the option's declared
 * {@code defaultValue} (https://picocli.info/#_default_provider). An empty variable counts as
 * unset, as a shell's {@code VAR=} usually means "not configured".
 */
record EnvironmentDefaults(Map<String, String> env) implements IDefaultValueProvider {

    @Override
    public String defaultValue(ArgSpec argSpec) {
        if (!(argSpec instanceof OptionSpec option) || option.arity().max() == 0) {
            return null;
        }
        String value = env.get(option.paramLabel());
        return value == null || value.isEmpty() ? null : value;
    }
}
