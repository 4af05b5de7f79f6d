package dev.chcdc.clickhouse.sink;

import java.util.HashMap;
import java.util.Map;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;

/** A metric group that keeps its gauges by path ({@code cdc.table=shop.orders.commitBlockedMs}) for tests to read. */
final class RecordingMetricGroup extends UnregisteredMetricsGroup {
    private final Map<String, Gauge<?>> gauges;
    private final String path;

    RecordingMetricGroup() {
        this(new HashMap<>(), "");
    }

    private RecordingMetricGroup(Map<String, Gauge<?>> gauges, String path) {
        this.gauges = gauges;
        this.path = path;
    }

    @Override
    public MetricGroup addGroup(String name) {
        return new RecordingMetricGroup(gauges, path + name + ".");
    }

    @Override
    public MetricGroup addGroup(String key, String value) {
        return new RecordingMetricGroup(gauges, path + key + "=" + value + ".");
    }

    @Override
    public <T, G extends Gauge<T>> G gauge(String name, G gauge) {
        gauges.put(path + name, gauge);
        return gauge;
    }

    /** The value of the gauge at {@code path}; fails when there is none. */
    Object value(String path) {
        Gauge<?> gauge = gauges.get(path);
        if (gauge == null) {
            throw new AssertionError("No gauge " + path + "; registered: " + gauges.keySet());
        }
        return gauge.getValue();
    }
}
