package io.eventstream.querymodel.jdbc;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The names of one set of read model tables: the live ones ({@code orders}, {@code orderitems},
 * {@code order_status_history}: the contract's names, which readers query; {@code restaurant_hourly},
 * order-service's per-hour view) or those of a generation a rebuild fills ({@code orders_g7}...)
 * before it takes the live names. A new projection's table is one more name here.
 */
public record ReadModelTables(String orders, String items, String history, String hourly) {

    public static final ReadModelTables LIVE =
            new ReadModelTables("orders", "orderitems", "order_status_history", "restaurant_hourly");

    /** A generation's or a retired generation's table names: only these can be created or dropped. */
    static final Pattern GENERATION_TABLE =
            Pattern.compile("(orders|orderitems|order_status_history|restaurant_hourly)_(g|old_g|check_g)\\d+");

    private static final Pattern NAMES = Pattern.compile("\\b(orders|orderitems|order_status_history|restaurant_hourly)\\b");
    private static final Pattern MARKERS = Pattern.compile("(orders|orderitems|order_status_history|restaurant_hourly)_next");

    /** The tables a rebuild fills as generation {@code g}. */
    public static ReadModelTables generation(long g) {
        return suffixed("_g" + g);
    }

    /** What the live tables are renamed to when generation {@code g} takes their names, until dropped. */
    public static ReadModelTables retiredBy(long g) {
        return suffixed("_old_g" + g);
    }

    /** The tables a check ({@code --verify}) folds the log into, to compare with the live ones. */
    public static ReadModelTables check(long g) {
        return suffixed("_check_g" + g);
    }

    private static ReadModelTables suffixed(String suffix) {
        return new ReadModelTables(LIVE.orders + suffix, LIVE.items + suffix, LIVE.history + suffix,
                LIVE.hourly + suffix);
    }

    public List<String> all() {
        return List.of(orders, items, history, hourly);
    }

    /** {@code sql} with the stand-in names ({@code orders_next}..., see {@link GenerationStatements}) as these. */
    String named(String sql) {
        return replace(MARKERS, sql);
    }

    /** {@code sql}, written for the live tables, for these tables (whole words only: {@code orders.id} too). */
    String rewrite(String sql) {
        if (this.equals(LIVE)) {
            return sql;
        }
        return replace(NAMES, sql);
    }

    private String replace(Pattern names, String sql) {
        Matcher m = names.matcher(sql);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = switch (m.group(1)) {
                case "orders" -> orders;
                case "orderitems" -> items;
                case "restaurant_hourly" -> hourly;
                default -> history;
            };
            m.appendReplacement(out, name);
        }
        m.appendTail(out);
        return out.toString();
    }
}
