package dev.chcdc.tee;

/** Header names of tee and dead-letter records; replay reads the same ones (the error ones are dead-letter only). */
public final class TeeHeaders {
    /** {@code <database>.<table>} of the change (tee and dead-letter records). */
    public static final String TABLE = "table";
    /** The change's {@code _version} as decimal text (tee and dead-letter records). */
    public static final String VERSION = "_version";
    public static final String ERROR_CLASS = "error.class";
    public static final String ERROR_MESSAGE = "error.message";
    /** {@code <file>:<position>:<row>}, or {@code snapshot}. */
    public static final String SOURCE_POSITION = "source.position";
    public static final String ATTEMPTS = "attempts";
    /**
     * Comma-separated columns whose values a tee or dead-letter record leaves out (written as null) because the
     * whole record would exceed {@code tee.max-record-size}; absent on whole records.
     */
    public static final String OMITTED_COLUMNS = "omitted-columns";

    private TeeHeaders() {}
}
