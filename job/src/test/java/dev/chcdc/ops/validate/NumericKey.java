package dev.chcdc.ops.validate;

import dev.chcdc.event.ColumnSchema;
import dev.chcdc.event.TableId;
import dev.chcdc.event.TableSchema;
import java.util.List;
import java.util.Map;

/** The key of a table {@code shop.t} with a BIGINT primary key {@code id}, for tests of key-order logic. */
final class NumericKey {
    static final TableSchema TABLE = new TableSchema(new TableId("shop", "t"),
            List.of(new ColumnSchema("id", "bigint", "bigint(20)", 19, 0, false),
                    new ColumnSchema("name", "varchar", "varchar(20)", -1, -1, true)),
            List.of(0));
    static final KeyColumns KEYS = KeyColumns.of(TABLE, Map.of());

    private NumericKey() {}

    static RowKey id(long id) {
        return RowKey.of(Long.toString(id));
    }
}
