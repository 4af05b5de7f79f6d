package dev.chcdc.tee;

import dev.chcdc.config.KafkaConfig;
import dev.chcdc.config.ReplayConfig;
import dev.chcdc.event.ChangeEvent;
import dev.chcdc.event.TableSchema;
import java.util.List;
import java.util.Properties;
import java.util.regex.Pattern;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/**
 * Replay mode's source: the tee topics read with {@code read_committed} (only changes of completed checkpoints)
 * as consumer group {@code replay.group-id}, which commits its offsets on checkpoints. Because every change
 * carries its original {@code _version}, replaying over data that is already there changes nothing a query sees.
 */
public final class ReplaySourceFactory {
    private ReplaySourceFactory() {}

    public static KafkaSource<ChangeEvent> create(KafkaConfig kafka, ReplayConfig replay, List<TableSchema> tables,
            String serverName) {
        Properties properties = kafka.properties();
        properties.setProperty(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        KafkaSourceBuilder<ChangeEvent> builder = KafkaSource.<ChangeEvent>builder()
                .setBootstrapServers(kafka.bootstrapServers())
                .setProperties(properties)
                .setTopicPattern(Pattern.compile(replay.topicPattern()))
                .setGroupId(replay.groupId())
                .setStartingOffsets(switch (replay.start()) {
                    case EARLIEST -> OffsetsInitializer.earliest();
                    case TIMESTAMP -> OffsetsInitializer.timestamp(replay.startTimestampMillis());
                    case COMMITTED -> OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST);
                })
                .setDeserializer(new TeeRecordDeserializer(tables, serverName));
        if (replay.stopAtLatest()) {
            builder.setBounded(OffsetsInitializer.latest());
        }
        return builder.build();
    }
}
