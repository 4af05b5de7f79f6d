package dev.chcdc.source;

/** MySQL's back-quoted identifiers, for every statement the job builds from a database, table or column name. */
public final class MySqlIdentifier {
    private MySqlIdentifier() {}

    /** {@code name} back-quoted, a back quote in it doubled: {@code my`db} as {@code `my``db`}. */
    public static String quote(String name) {
        return "`" + name.replace("`", "``") + "`";
    }
}
