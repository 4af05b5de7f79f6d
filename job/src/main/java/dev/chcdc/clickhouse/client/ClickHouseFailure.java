package dev.chcdc.clickhouse.client;

import com.clickhouse.client.api.ServerException;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;

/**
 * The one table of ClickHouse errors and what they mean ({@link FailureClass}); the README's "ClickHouse errors"
 * table lists the same. Server error codes are ClickHouse's own (src/Common/ErrorCodes.cpp). Anything that is
 * not a server answer (connection refused, timeout, reset) is an outage, because the request never reached a
 * verdict; a server code not listed here is a configuration fault, so it blocks and is never dead-lettered.
 */
final class ClickHouseFailure {
    static final Map<Integer, FailureClass> CODES = Map.ofEntries(
            // Outages: overload, limits, shutdown, lost connections inside the cluster.
            Map.entry(159, FailureClass.OUTAGE), // TIMEOUT_EXCEEDED
            Map.entry(160, FailureClass.OUTAGE), // TOO_SLOW
            Map.entry(173, FailureClass.OUTAGE), // CANNOT_ALLOCATE_MEMORY
            Map.entry(201, FailureClass.OUTAGE), // QUOTA_EXCEEDED: the quota's interval ends
            Map.entry(202, FailureClass.OUTAGE), // TOO_MANY_SIMULTANEOUS_QUERIES
            Map.entry(203, FailureClass.OUTAGE), // NO_FREE_CONNECTION
            Map.entry(209, FailureClass.OUTAGE), // SOCKET_TIMEOUT
            Map.entry(210, FailureClass.OUTAGE), // NETWORK_ERROR
            Map.entry(236, FailureClass.OUTAGE), // ABORTED
            Map.entry(241, FailureClass.OUTAGE), // MEMORY_LIMIT_EXCEEDED
            Map.entry(242, FailureClass.OUTAGE), // TABLE_IS_READ_ONLY (a replica lost Keeper, or is starting)
            Map.entry(243, FailureClass.OUTAGE), // NOT_ENOUGH_SPACE: an operator frees disk, then the insert goes through
            Map.entry(252, FailureClass.OUTAGE), // TOO_MANY_PARTS: merges catch up
            Map.entry(285, FailureClass.OUTAGE), // TOO_FEW_LIVE_REPLICAS
            Map.entry(290, FailureClass.OUTAGE), // LIMIT_EXCEEDED
            Map.entry(319, FailureClass.OUTAGE), // UNKNOWN_STATUS_OF_INSERT
            Map.entry(394, FailureClass.OUTAGE), // QUERY_WAS_CANCELLED
            Map.entry(425, FailureClass.OUTAGE), // SYSTEM_ERROR
            Map.entry(439, FailureClass.OUTAGE), // CANNOT_SCHEDULE_TASK
            Map.entry(999, FailureClass.OUTAGE), // KEEPER_EXCEPTION
            Map.entry(1002, FailureClass.OUTAGE), // UNKNOWN_EXCEPTION (often a dropped connection inside the server)
            // Configuration: the operator fixes credentials, rights or the table; then the same insert succeeds.
            Map.entry(16, FailureClass.CONFIGURATION), // NO_SUCH_COLUMN_IN_TABLE
            Map.entry(47, FailureClass.CONFIGURATION), // UNKNOWN_IDENTIFIER
            Map.entry(60, FailureClass.CONFIGURATION), // UNKNOWN_TABLE
            Map.entry(81, FailureClass.CONFIGURATION), // UNKNOWN_DATABASE
            Map.entry(164, FailureClass.CONFIGURATION), // READONLY: the user's profile has readonly = 1
            Map.entry(192, FailureClass.CONFIGURATION), // UNKNOWN_USER
            Map.entry(193, FailureClass.CONFIGURATION), // WRONG_PASSWORD
            Map.entry(194, FailureClass.CONFIGURATION), // REQUIRED_PASSWORD
            Map.entry(195, FailureClass.CONFIGURATION), // IP_ADDRESS_NOT_ALLOWED
            Map.entry(497, FailureClass.CONFIGURATION), // ACCESS_DENIED
            Map.entry(516, FailureClass.CONFIGURATION), // AUTHENTICATION_FAILED
            // Row refusals: a value or constraint the table will never take. The committer first checks that the
            // table itself still takes the batch's columns (an insert of no rows); if not, it is configuration.
            Map.entry(6, FailureClass.ROW_REFUSED), // CANNOT_PARSE_TEXT
            Map.entry(27, FailureClass.ROW_REFUSED), // CANNOT_PARSE_INPUT_ASSERTION_FAILED
            Map.entry(38, FailureClass.ROW_REFUSED), // CANNOT_PARSE_DATE
            Map.entry(41, FailureClass.ROW_REFUSED), // CANNOT_PARSE_DATETIME
            Map.entry(53, FailureClass.ROW_REFUSED), // TYPE_MISMATCH
            Map.entry(69, FailureClass.ROW_REFUSED), // ARGUMENT_OUT_OF_BOUND
            Map.entry(70, FailureClass.ROW_REFUSED), // CANNOT_CONVERT_TYPE
            Map.entry(72, FailureClass.ROW_REFUSED), // CANNOT_PARSE_NUMBER
            Map.entry(117, FailureClass.ROW_REFUSED), // INCORRECT_DATA
            Map.entry(131, FailureClass.ROW_REFUSED), // TOO_LARGE_STRING_SIZE
            Map.entry(321, FailureClass.ROW_REFUSED), // VALUE_IS_OUT_OF_RANGE_OF_DATA_TYPE
            Map.entry(349, FailureClass.ROW_REFUSED), // CANNOT_INSERT_NULL_IN_ORDINARY_COLUMN
            Map.entry(407, FailureClass.ROW_REFUSED), // DECIMAL_OVERFLOW
            Map.entry(469, FailureClass.ROW_REFUSED), // VIOLATED_CONSTRAINT
            Map.entry(691, FailureClass.ROW_REFUSED) // UNKNOWN_ELEMENT_OF_ENUM
    );

    private ClickHouseFailure() {}

    /** The class of a server error code; codes not in the table are configuration faults. */
    static FailureClass classOf(int serverCode) {
        return CODES.getOrDefault(serverCode, FailureClass.CONFIGURATION);
    }

    /**
     * {@code error} as a {@link ClickHouseWriteException} of its class. The server's text is kept only for the listed
     * outage and configuration codes (about rights, names and resources); for row refusals and unknown codes it
     * is replaced by the code, the error's name and a constraint's name, because it may quote row values
     * ("Column values: …", "Cannot parse '…'"), which must not reach logs or Flink's exception history.
     */
    static ClickHouseWriteException wrap(String what, Throwable error) {
        Throwable cause = error;
        while (cause != null && !(cause instanceof ServerException) && !(cause instanceof SSLException)
                && cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        if (cause instanceof ServerException server) {
            FailureClass failureClass = classOf(server.getCode());
            if (CODES.containsKey(server.getCode()) && failureClass != FailureClass.ROW_REFUSED) {
                return new ClickHouseWriteException(what + " failed: " + server.getMessage(), server, failureClass,
                        server.getCode());
            }
            return new ClickHouseWriteException(what + " failed: " + withoutValues(server), null, failureClass,
                    server.getCode());
        }
        if (cause instanceof SSLException tls) {
            // Retrying cannot help: the certificate or the trusted CA must change.
            return new ClickHouseWriteException(what + " failed: TLS to ClickHouse refused (" + tls.getMessage()
                    + "): clickhouse.ssl-ca must name the CA that signed the server's certificate, and the certificate "
                    + "must name the host of clickhouse.url", tls, FailureClass.CONFIGURATION, 0);
        }
        return new ClickHouseWriteException(
                what + " failed without an answer from the server: " + error, error, FailureClass.OUTAGE, 0);
    }

    private static final Pattern ERROR_NAME = Pattern.compile("\\(([A-Z][A-Z0-9_]{2,})\\)\\s+\\((?:version |queryId=)");
    private static final Pattern CONSTRAINT = Pattern.compile("Constraint `([^`]+)`");

    /** E.g. {@code ClickHouse error 469 VIOLATED_CONSTRAINT, constraint `positive`}. */
    static String withoutValues(ServerException server) {
        String message = String.valueOf(server.getMessage());
        StringBuilder text = new StringBuilder("ClickHouse error ").append(server.getCode());
        Matcher name = ERROR_NAME.matcher(message);
        if (name.find()) {
            text.append(' ').append(name.group(1));
        }
        Matcher constraint = CONSTRAINT.matcher(message);
        if (constraint.find()) {
            text.append(", constraint `").append(constraint.group(1)).append('`');
        }
        return text.append(" (the server's text is left out: it may quote row values)").toString();
    }
}
