package dev.chcdc.clickhouse.sink;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * Stores {@link ClickHouseCommittable}s in checkpoints. Version 2: database, table, token, row count, rows,
 * row offsets, last commit time. Version 1 (no offsets, no commit time) is still read: such a batch is
 * committed as before, only it cannot be split to dead-letter single rows.
 */
public final class ClickHouseCommittableSerializer implements SimpleVersionedSerializer<ClickHouseCommittable> {
    static final int VERSION = 2;

    @Override
    public int getVersion() {
        return VERSION;
    }

    @Override
    public byte[] serialize(ClickHouseCommittable committable) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(committable.rows().length + 4 * committable.rowCount() + 256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeUTF(committable.database());
            out.writeUTF(committable.table());
            out.writeUTF(committable.deduplicationToken());
            out.writeInt(committable.rowCount());
            out.writeInt(committable.rows().length);
            out.write(committable.rows());
            for (int offset : committable.rowOffsets()) {
                out.writeInt(offset);
            }
            out.writeLong(committable.lastCommitTimeMillis());
        }
        return bytes.toByteArray();
    }

    @Override
    public ClickHouseCommittable deserialize(int version, byte[] serialized) throws IOException {
        if (version != 1 && version != VERSION) {
            throw new IOException("Unknown ClickHouse committable version " + version + " (this job reads 1 and "
                    + VERSION + "); restore with the job version that wrote the checkpoint");
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
            String database = in.readUTF();
            String table = in.readUTF();
            String token = in.readUTF();
            int rowCount = in.readInt();
            byte[] rows = new byte[in.readInt()];
            in.readFully(rows);
            if (version == 1) {
                return new ClickHouseCommittable(database, table, token, rowCount, rows, null, 0);
            }
            int[] offsets = new int[rowCount];
            for (int i = 0; i < rowCount; i++) {
                offsets[i] = in.readInt();
            }
            return new ClickHouseCommittable(database, table, token, rowCount, rows, offsets, in.readLong());
        }
    }
}
