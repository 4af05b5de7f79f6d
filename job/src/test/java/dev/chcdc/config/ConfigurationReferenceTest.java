package dev.chcdc.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.flink.configuration.ConfigOption;
import org.junit.jupiter.api.Test;

/** The README's configuration reference lists every key the job accepts, and nothing stale. */
class ConfigurationReferenceTest {
    private static String readme() throws Exception {
        Path root = Path.of(System.getProperty("project.root", ".."));
        return Files.readString(root.resolve("README.md"));
    }

    @Test
    void everyOptionIsDocumentedInTheReadme() throws Exception {
        String readme = readme();
        for (ConfigOption<?> option : JobOptions.ALL) {
            assertThat(readme).as(option.key()).contains("`" + option.key() + "`");
        }
        assertThat(readme).contains("`" + JobOptions.MYSQL_KEY_COLUMNS_PREFIX + "<db>.<table>`");
        assertThat(readme).contains("`" + JobOptions.CLICKHOUSE_OUT_OF_RANGE_COLUMN_PREFIX + "<db>.<table>.<column>`");
    }

    @Test
    void everyKeyInTheReadmeTableIsAnOption() throws Exception {
        var keys = JobOptions.ALL.stream().map(ConfigOption::key).toList();
        for (String line : readme().split("\n")) {
            if (line.matches("\\| `(mysql|clickhouse|pipeline|kafka|tee|dead-letter|replay)\\..*")) {
                for (String cell : line.split("\\|")[1].split(",")) {
                    String key = cell.strip().replace("`", "");
                    if (!key.startsWith(JobOptions.MYSQL_KEY_COLUMNS_PREFIX)
                            && !key.startsWith(JobOptions.CLICKHOUSE_OUT_OF_RANGE_COLUMN_PREFIX)) {
                        assertThat(keys).as("README key " + key).contains(key);
                    }
                }
            }
        }
    }
}
