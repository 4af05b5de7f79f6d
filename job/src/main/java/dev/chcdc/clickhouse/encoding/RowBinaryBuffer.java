package dev.chcdc.clickhouse.encoding;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.Arrays;

/**
 * A growable byte array with the primitive writes of ClickHouse's RowBinary format: little-endian fixed-width
 * integers and floats, LEB128 lengths, and UTF-8 strings encoded without an intermediate array. Not thread-safe;
 * one buffer collects the rows of one batch.
 */
public final class RowBinaryBuffer {
    private static final int DEFAULT_CAPACITY = 8192;

    private byte[] bytes;
    private int size;

    public RowBinaryBuffer() {
        this(DEFAULT_CAPACITY);
    }

    public RowBinaryBuffer(int initialCapacity) {
        bytes = new byte[Math.max(16, initialCapacity)];
    }

    /** The number of bytes written. */
    public int size() {
        return size;
    }

    /** Drops every byte written after the first {@code newSize}; used to take back a half-written row. */
    public void truncate(int newSize) {
        if (newSize < 0 || newSize > size) {
            throw new IllegalArgumentException("Cannot truncate " + size + " bytes to " + newSize);
        }
        size = newSize;
    }

    /** Empties the buffer, keeping its capacity. */
    public void clear() {
        size = 0;
    }

    /** A stream over the bytes written so far; it shares the array, so write nothing more while it is read. */
    public InputStream toInputStream() {
        return new ByteArrayInputStream(bytes, 0, size);
    }

    /** A copy of the bytes written. */
    public byte[] toByteArray() {
        return Arrays.copyOf(bytes, size);
    }

    public void writeByte(int value) {
        ensure(1);
        bytes[size++] = (byte) value;
    }

    public void writeShortLE(int value) {
        ensure(2);
        bytes[size++] = (byte) value;
        bytes[size++] = (byte) (value >>> 8);
    }

    public void writeIntLE(int value) {
        ensure(4);
        for (int shift = 0; shift < 32; shift += 8) {
            bytes[size++] = (byte) (value >>> shift);
        }
    }

    public void writeLongLE(long value) {
        ensure(8);
        for (int shift = 0; shift < 64; shift += 8) {
            bytes[size++] = (byte) (value >>> shift);
        }
    }

    public void writeFloatLE(float value) {
        writeIntLE(Float.floatToRawIntBits(value));
    }

    public void writeDoubleLE(double value) {
        writeLongLE(Double.doubleToRawLongBits(value));
    }

    /** An unsigned LEB128 number, as RowBinary prefixes strings with their length. */
    public void writeVarUInt(long value) {
        ensure(10);
        while ((value & ~0x7FL) != 0) {
            bytes[size++] = (byte) ((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        bytes[size++] = (byte) value;
    }

    /** {@code value} as a RowBinary String: its length, then the bytes. */
    public void writeBinaryString(byte[] value) {
        writeVarUInt(value.length);
        writeBytes(value, 0, value.length);
    }

    /**
     * {@code value} as a RowBinary String of its UTF-8 bytes. A lone surrogate becomes {@code ?}, as in
     * {@link String#getBytes(java.nio.charset.Charset)}.
     */
    public void writeUtf8String(String value) {
        int utf8Length = utf8Length(value);
        writeVarUInt(utf8Length);
        ensure(utf8Length);
        int length = value.length();
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            if (c < 0x80) {
                bytes[size++] = (byte) c;
            } else if (c < 0x800) {
                bytes[size++] = (byte) (0xC0 | c >>> 6);
                bytes[size++] = (byte) (0x80 | c & 0x3F);
            } else if (Character.isSurrogate(c)) {
                int codePoint = surrogatePair(value, i);
                if (codePoint < 0) {
                    bytes[size++] = '?';
                } else {
                    bytes[size++] = (byte) (0xF0 | codePoint >>> 18);
                    bytes[size++] = (byte) (0x80 | codePoint >>> 12 & 0x3F);
                    bytes[size++] = (byte) (0x80 | codePoint >>> 6 & 0x3F);
                    bytes[size++] = (byte) (0x80 | codePoint & 0x3F);
                    i++;
                }
            } else {
                bytes[size++] = (byte) (0xE0 | c >>> 12);
                bytes[size++] = (byte) (0x80 | c >>> 6 & 0x3F);
                bytes[size++] = (byte) (0x80 | c & 0x3F);
            }
        }
    }

    public void writeBytes(byte[] value, int offset, int length) {
        ensure(length);
        System.arraycopy(value, offset, bytes, size, length);
        size += length;
    }

    private static int utf8Length(String value) {
        int length = value.length();
        int utf8 = 0;
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            if (c < 0x80) {
                utf8 += 1;
            } else if (c < 0x800) {
                utf8 += 2;
            } else if (Character.isSurrogate(c)) {
                if (surrogatePair(value, i) < 0) {
                    utf8 += 1;
                } else {
                    utf8 += 4;
                    i++;
                }
            } else {
                utf8 += 3;
            }
        }
        return utf8;
    }

    /** The code point of the surrogate pair starting at {@code i}, or -1 if there is no valid pair there. */
    private static int surrogatePair(String value, int i) {
        char high = value.charAt(i);
        if (Character.isHighSurrogate(high) && i + 1 < value.length()) {
            char low = value.charAt(i + 1);
            if (Character.isLowSurrogate(low)) {
                return Character.toCodePoint(high, low);
            }
        }
        return -1;
    }

    private void ensure(int more) {
        if (bytes.length - size < more) {
            long needed = (long) size + more;
            if (needed > Integer.MAX_VALUE - 8) {
                throw new IllegalStateException("RowBinary buffer cannot grow past 2 GiB; flush smaller batches");
            }
            bytes = Arrays.copyOf(bytes, (int) Math.max(needed, Math.min(Integer.MAX_VALUE - 8L, 2L * bytes.length)));
        }
    }
}
