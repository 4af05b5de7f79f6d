package dev.chcdc.clickhouse.schema;

import java.io.Serializable;

/**
 * A ClickHouse column type, limited to the kinds this job creates, with its SQL spelling. Instances are immutable
 * and serializable, so a table model that holds them can travel inside Flink operators.
 */
public sealed interface ClickHouseType extends Serializable {

    /** The type as ClickHouse DDL spells it, e.g. {@code Nullable(Decimal(10, 2))}. */
    String sql();

    /** Wraps {@code type} in {@link Nullable}. */
    static ClickHouseType nullable(ClickHouseType type) {
        return new Nullable(type);
    }

    /** The types that take no parameters. */
    enum Scalar implements ClickHouseType {
        INT8("Int8"),
        INT16("Int16"),
        INT32("Int32"),
        INT64("Int64"),
        UINT8("UInt8"),
        UINT16("UInt16"),
        UINT32("UInt32"),
        UINT64("UInt64"),
        FLOAT32("Float32"),
        FLOAT64("Float64"),
        STRING("String"),
        LOW_CARDINALITY_STRING("LowCardinality(String)"),
        BOOL("Bool"),
        DATE32("Date32");

        private final String sql;

        Scalar(String sql) {
            this.sql = sql;
        }

        @Override
        public String sql() {
            return sql;
        }
    }

    /** {@code Decimal(P, S)}; ClickHouse stores it in 32, 64, 128 or 256 bits depending on P. */
    record Decimal(int precision, int scale) implements ClickHouseType {
        public static final int MAX_PRECISION = 76;

        public Decimal {
            if (precision < 1 || precision > MAX_PRECISION || scale < 0 || scale > precision) {
                throw new IllegalArgumentException("ClickHouse has no Decimal(" + precision + ", " + scale
                        + "): precision must be 1.." + MAX_PRECISION + " and scale 0..precision");
            }
        }

        @Override
        public String sql() {
            return "Decimal(" + precision + ", " + scale + ")";
        }
    }

    /** {@code DateTime64(P, 'UTC')}; P is limited to MySQL's fractional-second digits. */
    record DateTime64(int precision) implements ClickHouseType {
        public static final int MAX_PRECISION = 6;

        public DateTime64 {
            if (precision < 0 || precision > MAX_PRECISION) {
                throw new IllegalArgumentException(
                        "DateTime64 precision must be 0.." + MAX_PRECISION + ", got " + precision);
            }
        }

        @Override
        public String sql() {
            return "DateTime64(" + precision + ", 'UTC')";
        }
    }

    /** A type that also admits NULL. */
    record Nullable(ClickHouseType inner) implements ClickHouseType {
        public Nullable {
            if (inner == null || inner instanceof Nullable) {
                throw new IllegalArgumentException("Nullable needs a non-Nullable inner type, got " + inner);
            }
        }

        @Override
        public String sql() {
            // ClickHouse rejects Nullable(LowCardinality(String)) ("Nested type LowCardinality(String) cannot be
            // inside Nullable type"); the nullable form is spelled inside out. Its RowBinary is Nullable(String)'s.
            if (inner == Scalar.LOW_CARDINALITY_STRING) {
                return "LowCardinality(Nullable(String))";
            }
            return "Nullable(" + inner.sql() + ")";
        }
    }
}
