package dev.chcdc.event;

/** What a change did, with Debezium's one-letter codes ({@code r} is a snapshot read). */
public enum Operation {
    READ("r"),
    INSERT("c"),
    UPDATE("u"),
    DELETE("d"),
    /** Not a change: the binlog has been read up to a point in time (see {@link ChangeEvent#heartbeat}). */
    HEARTBEAT("h");

    private final String code;

    Operation(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    public static Operation fromCode(String code) {
        for (Operation operation : values()) {
            if (operation.code.equals(code)) {
                return operation;
            }
        }
        throw new IllegalArgumentException("Unknown Debezium operation '" + code + "'");
    }
}
