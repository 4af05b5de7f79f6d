package dev.chcdc.event;

import java.io.Serializable;

/** A MySQL table: database and table name, as MySQL spells them. */
public record TableId(String database, String table) implements Serializable {
    public TableId {
        if (database == null || database.isBlank() || table == null || table.isBlank()) {
            throw new IllegalArgumentException("A table needs a database and a name, got " + database + "." + table);
        }
    }

    /** Parses {@code db.table}. */
    public static TableId parse(String qualified) {
        int dot = qualified.indexOf('.');
        if (dot <= 0 || dot == qualified.length() - 1) {
            throw new IllegalArgumentException("Expected <database>.<table>, got '" + qualified + "'");
        }
        return new TableId(qualified.substring(0, dot), qualified.substring(dot + 1));
    }

    @Override
    public String toString() {
        return database + "." + table;
    }
}
