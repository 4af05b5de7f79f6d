package dev.chcdc.clickhouse.sink;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * Stores {@link ClickHouseCommittable}s in checkpoints. Version 3: database, table, token, row count, header,
 * rows, row offsets, last commit time. Older versions are still read: version 2 has no header (the batch is
 * committed with the header of the table as the restoring job knows it), version 1 neither offsets nor commit
 * time (such a batch cannot be split to dead-letter single rows).
 */
public final class ClickHouseCommittableSerializer implements SimpleVersionedSerializer<ClickHouseCommittable> {
    static final int VERSION = 3;

    @Override
    public int getVersion() {
        return VERSION;
    }

    @Override
    public byte[] serialize(ClickHouseCommittable committable) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(committable.rows().length
                + committable.header().length + 4 * committable.rowCount() + 256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeUTF(committable.database());
            out.writeUTF(committable.table());
            out.writeUTF(committable.deduplicationToken());
            out.writeInt(committable.rowCount());
            writeBytes(out, committable.header());
            writeBytes(out, committable.rows());
            for (int offset : committable.rowOffsets()) {
                out.writeInt(offset);
            }
            out.writeLong(committable.lastCommitTimeMillis());
        }
        return bytes.toByteArray();
    }

    @Override
    public ClickHouseCommittable deserialize(int version, byte[] serialized) throws IOException {
        if (version < 1 || version > VERSION) {
            throw new IOException("Unknown ClickHouse committable version " + version + " (this job reads 1 to "
                    + VERSION + "); restore with the job version that wrote the checkpoint");
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
            String database = in.readUTF();
            String table = in.readUTF();
            String token = in.readUTF();
            int rowCount = in.readInt();
            byte[] header = version >= 3 ? readBytes(in) : null;
            byte[] rows = readBytes(in);
            if (version == 1) {
                return new ClickHouseCommittable(database, table, token, rowCount, null, rows, null, 0);
            }
            int[] offsets = new int[rowCount];
            for (int i = 0; i < rowCount; i++) {
                offsets[i] = in.readInt();
            }
            return new ClickHouseCommittable(database, table, token, rowCount, header, rows, offsets, in.readLong());
        }
    }

    private static void writeBytes(DataOutputStream out, byte[] bytes) throws IOException {
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static byte[] readBytes(DataInputStream in) throws IOException {
        byte[] bytes = new byte[in.readInt()];
        in.readFully(bytes);
        return bytes;
    }
}
