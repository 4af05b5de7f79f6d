package dev.chcdc.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MySqlTypeTest {
    @Test
    void synonymsAndEveryTextBlobAndSpatialNameParseToOneType() {
        assertThat(MySqlType.of("integer")).contains(MySqlType.INT);
        assertThat(MySqlType.of("NUMERIC")).contains(MySqlType.DECIMAL);
        assertThat(MySqlType.of("real")).contains(MySqlType.DOUBLE);
        assertThat(MySqlType.of("mediumtext")).contains(MySqlType.TEXT);
        assertThat(MySqlType.of("longblob")).contains(MySqlType.BINARY);
        assertThat(MySqlType.of("geomcollection")).contains(MySqlType.SPATIAL);
        assertThat(MySqlType.of("multipolygon")).contains(MySqlType.SPATIAL);
    }

    @Test
    void typesTheJobDoesNotCaptureParseToNothing() {
        assertThat(MySqlType.of("uuid")).isEmpty();
        assertThat(MySqlType.of("inet6")).isEmpty();
        assertThat(MySqlType.of("vector")).isEmpty();
    }

    @Test
    void aColumnOfAnUncapturedTypeNamesItselfWhenAskedForItsType() {
        ColumnSchema column = new ColumnSchema("uid", "uuid", "uuid", -1, -1, true);

        assertThatThrownBy(column::type).hasMessageContaining("`uid`").hasMessageContaining("uuid");
    }
}
