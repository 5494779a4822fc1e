package io.eventstream.deploy.sql;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Every SQL statement the services, the bootstrapper and the migrations can send: the SQL string
 * constants of each module's compiled classes ({@link ClassConstants}) and every statement of every
 * migration file. A constant is SQL when it starts with an upper-case SQL verb followed by white
 * space (our SQL is written that way; messages and log lines are not). Placeholders filled at run
 * time ({@code %s} of {@code formatted}, the run-time parts of a concatenation) are given a
 * stand-in the parser accepts: an identifier where a name goes, a parenthesised parameter elsewhere
 * (a row of VALUES, a list of IN).
 */
final class SqlCollector {

    /** The modules that talk to a database, plus common (shared code) and schema (its Java migrations). */
    static final List<String> MODULES = List.of("common", "schema", "eventstore-service", "order-service", "payment-worker",
            "review-worker", "querymodel-worker", "saga-coordinator", "bootstrapper");
    static final String MIGRATIONS = "schema/src/main/resources/db";

    private static final Pattern SQL_START = Pattern.compile(
            "^\\s*(SELECT|INSERT|UPDATE|DELETE|WITH|UPSERT|CREATE|ALTER|DROP|GRANT|REVOKE|LISTEN|NOTIFY|UNLISTEN"
                    + "|TRUNCATE|SET|SHOW|BEGIN|COMMIT)\\s");
    private static final Pattern PLACEHOLDER = Pattern.compile(
            "(?i)(DATABASE|ROLE|USER|EXISTS|TO|OWNER|SCHEMA|TABLE)?(\\s*)(%s|" + ClassConstants.DYNAMIC + ")");

    private final Path root;

    SqlCollector(Path root) {
        this.root = root;
    }

    static Path repoRoot() {
        String root = System.getProperty("repo.root");
        return (root != null ? Path.of(root) : Path.of("..")).toAbsolutePath().normalize();
    }

    List<SqlText> all() {
        List<SqlText> all = new ArrayList<>();
        MODULES.forEach(module -> all.addAll(fromClasses(module)));
        all.addAll(fromMigrations());
        return all;
    }

    /** The SQL constants of a module's compiled classes ({@code target/classes}: compile it first). */
    List<SqlText> fromClasses(String module) {
        Path classes = root.resolve(module).resolve("target/classes");
        if (!Files.isDirectory(classes)) {
            throw new AssertionError("no " + classes + ": compile " + module + " first (mvn -B verify builds it)");
        }
        List<SqlText> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".class")).sorted().toList()) {
                Set<String> seen = new LinkedHashSet<>();
                for (String constant : ClassConstants.of(Files.readAllBytes(file))) {
                    if (SQL_START.matcher(constant).find() && seen.add(constant)) {
                        // schema's classes are Java migrations: their statements keep the migrations' rules too.
                        found.add(new SqlText(module + ": " + classes.relativize(file), fill(constant),
                                module.equals("schema")));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return found;
    }

    /** Every statement of every migration file, named by its file. */
    List<SqlText> fromMigrations() {
        Path folder = root.resolve(MIGRATIONS);
        List<SqlText> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".sql")).sorted().toList()) {
                String source = "schema: " + root.resolve("schema/src/main/resources").relativize(file);
                for (String statement : split(Files.readString(file))) {
                    found.add(new SqlText(source, statement, true));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return found;
    }

    /**
     * A migration file's statements: {@code --} comments dropped, split at semicolons. Our
     * migrations have no semicolon or {@code --} inside a string literal and no function bodies
     * (a statement that did would fail to parse, and the test would name it).
     */
    static List<String> split(String script) {
        StringBuilder code = new StringBuilder();
        script.lines().forEach(line -> {
            int comment = line.indexOf("--");
            code.append(comment < 0 ? line : line.substring(0, comment)).append('\n');
        });
        List<String> statements = new ArrayList<>();
        for (String part : code.toString().split(";")) {
            if (!part.isBlank()) {
                statements.add(part.strip());
            }
        }
        return statements;
    }

    /** Stand-ins for the parts filled at run time. */
    static String fill(String sql) {
        Matcher m = PLACEHOLDER.matcher(sql);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String stand = m.group(1) != null ? m.group(1) + m.group(2) + "runtime_name" : m.group(2) + "(?)";
            m.appendReplacement(out, Matcher.quoteReplacement(stand));
        }
        m.appendTail(out);
        return out.toString();
    }
}
