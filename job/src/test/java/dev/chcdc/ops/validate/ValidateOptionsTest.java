package dev.chcdc.ops.validate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chcdc.event.TableId;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ValidateOptionsTest {

    @Test
    void onlyTheConfigurationIsRequired() {
        assertThat(ValidateOptions.parse(new String[] {"--config", "job.properties"})).isEqualTo(new ValidateOptions(
                Path.of("job.properties"), List.of(), 10_000, 20, true, null, Duration.ofSeconds(60), false));
    }

    @Test
    void everyOptionIsRead() {
        assertThat(ValidateOptions.parse(new String[] {"--config", "job.properties", "--tables",
                "shop.orders, shop.users", "--chunk-size", "500", "--max-differences", "5", "--no-recheck",
                "--recheck-delay", "30s", "--statement-timeout", "2 min"})).isEqualTo(new ValidateOptions(
                Path.of("job.properties"), List.of(new TableId("shop", "orders"), new TableId("shop", "users")), 500, 5,
                false, Duration.ofSeconds(30), Duration.ofMinutes(2), false));
    }

    @Test
    void missingConfigurationIsAUsageError() {
        assertThatThrownBy(() -> ValidateOptions.parse(new String[] {"--chunk-size", "10"}))
                .hasMessage("--config is required: the job's configuration file");
    }

    @Test
    void unknownOptionIsAUsageError() {
        assertThatThrownBy(() -> ValidateOptions.parse(new String[] {"--config", "job.properties", "--fast"}))
                .hasMessage("unknown option '--fast'");
    }

    @Test
    void nonPositiveChunkSizeIsAUsageError() {
        assertThatThrownBy(() -> ValidateOptions.parse(new String[] {"--config", "job.properties", "--chunk-size", "0"}))
                .hasMessage("--chunk-size must be positive, got 0");
    }

    @Test
    void tableWithoutDatabaseIsAUsageError() {
        assertThatThrownBy(() -> ValidateOptions.parse(new String[] {"--config", "job.properties", "--tables", "orders"}))
                .hasMessage("Expected <database>.<table>, got 'orders'");
    }
}
