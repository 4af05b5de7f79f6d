package dev.chcdc.bench;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.insert.InsertSettings;
import com.clickhouse.data.ClickHouseFormat;
import dev.chcdc.stack.ClickHouseServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Baseline (c), the "careful naive copy": what a competent one-off copy tool does without Flink or Debezium.
 * One streaming JDBC read ({@code fetchSize(Integer.MIN_VALUE)}: rows arrive as the server sends them, never
 * the whole result in memory) takes every column's raw text with {@code getBytes} (no per-value parsing or
 * formatting, which for DATETIME/TIMESTAMP would cost ten times more), escapes it as TabSeparated, and writes
 * it into a pipe whose other end is the body of one client-v2 insert into the same raw table the pipeline
 * fills. The metadata columns get constant values, as a copy without a binlog would give them. Reading and
 * inserting run on two threads, so MySQL, the JVM and ClickHouse work at the same time.
 */
final class NaiveCopy {
    private static final int PIPE_BYTES = 1 << 20;
    private static final int OUT_BYTES = 1 << 16;

    private NaiveCopy() {}

    /** Copies MySQL {@code database}.items into ClickHouse {@code target}.items_raw; returns the rows copied. */
    static long copy(BenchServices services, String database, String target, long version) throws Exception {
        Client client = new Client.Builder()
                .addEndpoint(services.clickHouse().httpUrl())
                .setUsername(ClickHouseServer.JOB_USER)
                .setPassword(BenchServices.WRITER_PASSWORD)
                .setSocketTimeout(30, ChronoUnit.MINUTES)
                .build();
        // The metadata columns: _version, is_deleted, _binlog_file, _binlog_pos, _commit_time.
        byte[] suffix = ("\t" + version + "\t0\t\t0\t1970-01-01 00:00:00.000\n").getBytes(StandardCharsets.US_ASCII);
        PipedInputStream body = new PipedInputStream(PIPE_BYTES);
        PipedOutputStream pipe = new PipedOutputStream(body);
        AtomicLong rows = new AtomicLong();
        CompletableFuture<Void> reader = CompletableFuture.runAsync(() -> {
            try (TsvOut out = new TsvOut(pipe)) {
                rows.set(readInto(services, database, out, suffix));
            } catch (Exception e) {
                throw new IllegalStateException("Naive copy read failed: " + e.getMessage(), e);
            }
        }, runnable -> {
            Thread thread = new Thread(runnable, "naive-copy-reader");
            thread.start();
        });
        try {
            client.insert(BenchTable.RAW_TABLE, body, ClickHouseFormat.TabSeparated,
                            new InsertSettings().setDatabase(target))
                    .get(30, TimeUnit.MINUTES)
                    .close();
            reader.get(1, TimeUnit.MINUTES);
        } finally {
            body.close();
            client.close();
        }
        return rows.get();
    }

    private static long readInto(BenchServices services, String database, TsvOut out, byte[] suffix) throws Exception {
        long rows = 0;
        try (Connection connection = services.cdcUser(database);
                Statement statement = connection.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
            // TIMESTAMP is sent as text in the session's zone; UTC is what ClickHouse's DateTime64(3, 'UTC') expects.
            statement.execute("SET time_zone = '+00:00'");
            statement.setFetchSize(Integer.MIN_VALUE);
            List<String> columns = BenchTable.COLUMNS;
            try (ResultSet result = statement.executeQuery("SELECT " + String.join(", ", columns) + " FROM `"
                    + database + "`.`" + BenchTable.TABLE + "`")) {
                int count = columns.size();
                while (result.next()) {
                    for (int column = 1; column <= count; column++) {
                        if (column > 1) {
                            out.write('\t');
                        }
                        out.writeEscaped(result.getBytes(column));
                    }
                    out.write(suffix);
                    rows++;
                }
            }
        }
        return rows;
    }

    /** A buffered TabSeparated writer: NULL as {@code \N}, and backslash, tab, newline, CR escaped. */
    private static final class TsvOut implements AutoCloseable {
        private final OutputStream out;
        private final byte[] buffer = new byte[OUT_BYTES];
        private int size;

        TsvOut(OutputStream out) {
            this.out = out;
        }

        void write(int b) throws IOException {
            if (size == buffer.length) {
                flush();
            }
            buffer[size++] = (byte) b;
        }

        void write(byte[] bytes) throws IOException {
            if (bytes.length > buffer.length - size) {
                flush();
            }
            System.arraycopy(bytes, 0, buffer, size, bytes.length);
            size += bytes.length;
        }

        void writeEscaped(byte[] value) throws IOException {
            if (value == null) {
                write('\\');
                write('N');
                return;
            }
            if (value.length * 2 > buffer.length - size) {
                flush();
                if (value.length * 2 > buffer.length) {
                    for (byte b : value) {
                        writeEscapedByte(b);
                    }
                    return;
                }
            }
            for (byte b : value) {
                switch (b) {
                    case '\\' -> { buffer[size++] = '\\'; buffer[size++] = '\\'; }
                    case '\t' -> { buffer[size++] = '\\'; buffer[size++] = 't'; }
                    case '\n' -> { buffer[size++] = '\\'; buffer[size++] = 'n'; }
                    case '\r' -> { buffer[size++] = '\\'; buffer[size++] = 'r'; }
                    default -> buffer[size++] = b;
                }
            }
        }

        private void writeEscapedByte(byte b) throws IOException {
            switch (b) {
                case '\\' -> { write('\\'); write('\\'); }
                case '\t' -> { write('\\'); write('t'); }
                case '\n' -> { write('\\'); write('n'); }
                case '\r' -> { write('\\'); write('r'); }
                default -> write(b);
            }
        }

        private void flush() throws IOException {
            out.write(buffer, 0, size);
            size = 0;
        }

        @Override
        public void close() throws IOException {
            flush();
            out.close();
        }
    }
}
