package dev.chcdc.clickhouse.sink;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/** Stores {@link ClickHouseCommittable}s in checkpoints. Version 1: database, table, token, row count, rows. */
public final class ClickHouseCommittableSerializer implements SimpleVersionedSerializer<ClickHouseCommittable> {
    static final int VERSION = 1;

    @Override
    public int getVersion() {
        return VERSION;
    }

    @Override
    public byte[] serialize(ClickHouseCommittable committable) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(committable.rows().length + 256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeUTF(committable.database());
            out.writeUTF(committable.table());
            out.writeUTF(committable.deduplicationToken());
            out.writeInt(committable.rowCount());
            out.writeInt(committable.rows().length);
            out.write(committable.rows());
        }
        return bytes.toByteArray();
    }

    @Override
    public ClickHouseCommittable deserialize(int version, byte[] serialized) throws IOException {
        if (version != VERSION) {
            throw new IOException("Unknown ClickHouse committable version " + version + " (this job reads " + VERSION
                    + "); restore with the job version that wrote the checkpoint");
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
            String database = in.readUTF();
            String table = in.readUTF();
            String token = in.readUTF();
            int rowCount = in.readInt();
            byte[] rows = new byte[in.readInt()];
            in.readFully(rows);
            return new ClickHouseCommittable(database, table, token, rowCount, rows);
        }
    }
}
