package dev.chcdc.clickhouse.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chcdc.event.ColumnSchema;
import dev.chcdc.event.TableId;
import dev.chcdc.event.TableSchema;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MySqlTypeMappingTest {
    private static final TableId TABLE = new TableId("shop", "orders");

    private static String sqlOf(String dataType, String columnType, int precision, int scale) {
        ColumnSchema column = new ColumnSchema("c", dataType, columnType, precision, scale, false);
        return MySqlTypeMapping.toClickHouse(column).sql();
    }

    @ParameterizedTest(name = "{1} -> {4}")
    @CsvSource(delimiter = '|', textBlock = """
            tinyint    | tinyint(4)                 | 3  | 0  | Int8
            tinyint    | tinyint(3) unsigned        | 3  | 0  | UInt8
            tinyint    | tinyint(1)                 | 3  | 0  | Int8
            smallint   | smallint(6)                | 5  | 0  | Int16
            smallint   | smallint(5) unsigned       | 5  | 0  | UInt16
            mediumint  | mediumint(9)               | 7  | 0  | Int32
            mediumint  | mediumint(8) unsigned      | 7  | 0  | UInt32
            int        | int(11)                    | 10 | 0  | Int32
            int        | int(10) unsigned zerofill  | 10 | 0  | UInt32
            integer    | int(11)                    | 10 | 0  | Int32
            bigint     | bigint(20)                 | 19 | 0  | Int64
            bigint     | bigint(20) unsigned        | 20 | 0  | UInt64
            decimal    | decimal(10,2)              | 10 | 2  | Decimal(10, 2)
            decimal    | decimal(65,30)             | 65 | 30 | Decimal(65, 30)
            numeric    | decimal(5,0)               | 5  | 0  | Decimal(5, 0)
            float      | float                      | 12 | -1 | Float32
            double     | double                     | 22 | -1 | Float64
            real       | double                     | 22 | -1 | Float64
            bit        | bit(1)                     | 1  | -1 | Bool
            bit        | bit(2)                     | 2  | -1 | UInt64
            bit        | bit(64)                    | 64 | -1 | UInt64
            date       | date                       | -1 | -1 | Date32
            datetime   | datetime                   | 0  | -1 | DateTime64(0, 'UTC')
            datetime   | datetime(3)                | 3  | -1 | DateTime64(3, 'UTC')
            datetime   | datetime(6)                | 6  | -1 | DateTime64(6, 'UTC')
            timestamp  | timestamp                  | 0  | -1 | DateTime64(0, 'UTC')
            timestamp  | timestamp(6)               | 6  | -1 | DateTime64(6, 'UTC')
            time       | time                       | 0  | -1 | String
            time       | time(6)                    | 6  | -1 | String
            year       | year(4)                    | -1 | -1 | UInt16
            char       | char(10)                   | -1 | -1 | String
            varchar    | varchar(255)               | -1 | -1 | String
            tinytext   | tinytext                   | -1 | -1 | String
            text       | text                       | -1 | -1 | String
            mediumtext | mediumtext                 | -1 | -1 | String
            longtext   | longtext                   | -1 | -1 | String
            binary     | binary(16)                 | -1 | -1 | String
            varbinary  | varbinary(255)             | -1 | -1 | String
            tinyblob   | tinyblob                   | -1 | -1 | String
            blob       | blob                       | -1 | -1 | String
            mediumblob | mediumblob                 | -1 | -1 | String
            longblob   | longblob                   | -1 | -1 | String
            enum       | enum('new','paid')         | -1 | -1 | LowCardinality(String)
            set        | set('a','b')               | -1 | -1 | String
            json       | json                       | -1 | -1 | String
            """)
    void mapsEachMySqlTypeToTheClickHouseTypeThatHoldsAllItsValues(
            String dataType, String columnType, int precision, int scale, String expected) {
        assertThat(sqlOf(dataType, columnType, precision, scale)).isEqualTo(expected);
    }

    @Test
    void nullableColumnsBecomeNullable() {
        ColumnSchema column = new ColumnSchema("note", "varchar", "varchar(20)", -1, -1, true);
        assertThat(MySqlTypeMapping.toClickHouse(column).sql()).isEqualTo("Nullable(String)");
    }

    @Test
    void nullableEnumIsSpelledLowCardinalityOfNullable() {
        ColumnSchema column = new ColumnSchema("state", "enum", "enum('a')", -1, -1, true);
        assertThat(MySqlTypeMapping.toClickHouse(column).sql()).isEqualTo("LowCardinality(Nullable(String))");
    }

    @Test
    void keyColumnsAreNeverNullableButOtherColumnsOfTheSameSchemaAre() {
        TableSchema schema = new TableSchema(TABLE, List.of(
                new ColumnSchema("id", "int", "int(11)", 10, 0, true),
                new ColumnSchema("amount", "decimal", "decimal(10,2)", 10, 2, true)), List.of(0));

        assertThat(MySqlTypeMapping.toClickHouse(schema, 0).sql()).isEqualTo("Int32");
        assertThat(MySqlTypeMapping.toClickHouse(schema, 1).sql()).isEqualTo("Nullable(Decimal(10, 2))");
    }

    @Test
    void spatialColumnsAreMySqlsOwnBytesInAString() {
        for (String type : List.of("geometry", "point", "linestring", "polygon", "multipoint", "multilinestring",
                "multipolygon", "geometrycollection", "geomcollection")) {
            assertThat(MySqlTypeMapping.toClickHouse(new ColumnSchema("shape", type, type, -1, -1, false)).sql())
                    .as(type).isEqualTo("String");
        }
        assertThat(MySqlTypeMapping.toClickHouse(new ColumnSchema("at", "point", "point", -1, -1, true)).sql())
                .isEqualTo("Nullable(String)");
    }
}
