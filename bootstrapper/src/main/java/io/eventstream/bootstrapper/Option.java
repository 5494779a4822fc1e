package io.eventstream.bootstrapper;

/**
 * One setting: a flag, the environment variable it falls back to, and the default for the
 * local machine.
 *
 * @param secret a password: its value (and default) is never printed
 */
record Option(String flag, String env, String defaultValue, boolean secret, boolean switchOnly, String description) {

    static Option value(String flag, String env, String defaultValue, String description) {
        return new Option(flag, env, defaultValue, false, false, description);
    }

    static Option secret(String flag, String env, String description) {
        return new Option(flag, env, "", true, false, description);
    }

    static Option flag(String flag, String description) {
        return new Option(flag, null, "", false, true, description);
    }
}
