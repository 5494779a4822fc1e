package io.eventstream.deploy.sql;

import java.util.List;
import net.sf.jsqlparser.statement.Statement;

/** A CockroachDB restriction a statement must respect, and the page (or source) it comes from. */
interface DialectRule {

    String name();

    /** Where the restriction is written down. */
    String reference();

    /**
     * What breaks the rule in this statement; empty when nothing does. {@code parsed} is null for
     * a statement the parser cannot read (allowed only by the test's allow-list): a rule that needs
     * the tree then has nothing to say about it.
     */
    List<String> violations(SqlText text, Statement parsed);
}
