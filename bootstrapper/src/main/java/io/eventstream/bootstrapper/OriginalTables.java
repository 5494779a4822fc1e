package io.eventstream.bootstrapper;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The tables the original system left in one of its databases (docs/contract.md, "SQL"), by
 * name and columns, and how its rows are copied into ours. A database is recognised as the
 * original's only when its tables and columns are exactly these: anything else is refused.
 *
 * @param what   what the adoption line calls the rows ("events", "orders")
 * @param tables table name to its columns, in the original's order
 * @param copy   copies the rows from schema {@value #SCHEMA} into ours
 */
record OriginalTables(String what, Map<String, List<String>> tables, OriginalCopy copy) {

    /** Where the original's tables are moved before our migrations run; kept until the operator drops it. */
    static final String SCHEMA = "original";

    static final OriginalTables EVENT_STORE = new OriginalTables("events",
            ordered("events", List.of("id", "eventtype", "aggregateid", "aggregatetype", "eventdata", "stream")),
            new EventsCopy());

    static final OriginalTables ORDERS = new OriginalTables("orders",
            ordered("orders", List.of("id", "customerid", "status", "createdon", "restaurantid", "amount"),
                    "orderitems", List.of("id", "orderid", "customerid", "code", "name", "unitprice", "quantity")),
            new OrdersCopy());

    /** The original had these two databases only; ours for payments and the saga are new. */
    static Optional<OriginalTables> of(SchemaTarget target) {
        return switch (target.location()) {
            case "db/eventstore" -> Optional.of(EVENT_STORE);
            case "db/orders" -> Optional.of(ORDERS);
            default -> Optional.empty();
        };
    }

    /**
     * What differs between the tables found (schemas public and original together) and the
     * original's: missing and unknown tables, missing and extra columns. Empty: they are the original's.
     */
    List<String> differences(Map<String, Set<String>> found) {
        List<String> differences = new ArrayList<>();
        for (var table : tables.entrySet()) {
            Set<String> columns = found.get(table.getKey());
            if (columns == null) {
                differences.add("missing table " + table.getKey());
                continue;
            }
            Set<String> missing = new TreeSet<>(table.getValue());
            missing.removeAll(columns);
            Set<String> extra = new TreeSet<>(columns);
            extra.removeAll(table.getValue());
            List<String> columnDifferences = new ArrayList<>();
            if (!missing.isEmpty()) {
                columnDifferences.add("missing column" + (missing.size() > 1 ? "s " : " ") + String.join(", ", missing));
            }
            if (!extra.isEmpty()) {
                columnDifferences.add("extra column" + (extra.size() > 1 ? "s " : " ") + String.join(", ", extra));
            }
            if (!columnDifferences.isEmpty()) {
                differences.add("table " + table.getKey() + ": " + String.join(", ", columnDifferences));
            }
        }
        new TreeSet<>(found.keySet()).stream().filter(name -> !tables.containsKey(name))
                .forEach(name -> differences.add("unknown table " + name));
        return differences;
    }

    private static Map<String, List<String>> ordered(Object... nameThenColumns) {
        Map<String, List<String>> tables = new LinkedHashMap<>();
        for (int i = 0; i < nameThenColumns.length; i += 2) {
            @SuppressWarnings("unchecked")
            List<String> columns = (List<String>) nameThenColumns[i + 1];
            tables.put((String) nameThenColumns[i], columns);
        }
        return tables;
    }
}
