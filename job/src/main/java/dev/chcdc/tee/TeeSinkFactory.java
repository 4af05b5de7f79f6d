package dev.chcdc.tee;

import dev.chcdc.config.KafkaConfig;
import dev.chcdc.config.TeeConfig;
import dev.chcdc.config.TeeDelivery;
import dev.chcdc.event.ChangeEvent;
import dev.chcdc.event.TableSchema;
import java.util.List;
import java.util.Properties;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.sink.LossReportingKafkaSink;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * The tee: Flink's {@link KafkaSink} with our record serializer, reporting transactions it lost
 * ({@link LossReportingKafkaSink}). Exactly-once uses Kafka transactions that
 * commit when a checkpoint completes; the producer blocks (and so back-pressures the job) for up to five
 * minutes while the broker is unreachable before the job fails and restarts from its last checkpoint.
 */
public final class TeeSinkFactory {
    /** How long a send may wait for an unreachable broker before the job fails over. */
    static final String BROKER_OUTAGE_TOLERANCE_MS = "300000";

    private TeeSinkFactory() {}

    public static Sink<ChangeEvent> create(KafkaConfig kafka, TeeConfig tee, List<TableSchema> tables) {
        Properties producer = kafka.properties();
        producer.setProperty(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, Long.toString(tee.transactionTimeout().toMillis()));
        producer.setProperty(ProducerConfig.ACKS_CONFIG, "all");
        producer.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, BROKER_OUTAGE_TOLERANCE_MS);
        producer.putIfAbsent(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, BROKER_OUTAGE_TOLERANCE_MS);
        producer.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, "20");
        producer.putIfAbsent(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        TeeTopics.sizeProducer(producer, tee.maxRecordBytes());
        KafkaSink<ChangeEvent> sink = KafkaSink.<ChangeEvent>builder()
                .setBootstrapServers(kafka.bootstrapServers())
                .setKafkaProducerConfig(producer)
                .setRecordSerializer(new TeeRecordSerializer(tee.topicPrefix(), tables, tee.valueFormat(), tee.maxRecordBytes()))
                .setDeliveryGuarantee(tee.delivery() == TeeDelivery.EXACTLY_ONCE
                        ? DeliveryGuarantee.EXACTLY_ONCE : DeliveryGuarantee.AT_LEAST_ONCE)
                .setTransactionalIdPrefix(tee.transactionalIdPrefix())
                .build();
        return new LossReportingKafkaSink<>(sink, Long.toString(tee.transactionTimeout().toMillis()));
    }
}
