package dev.chcdc.testsupport;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.connector.sink2.Committer.CommitRequest;

/** A commit request, as a committer under test gets it, that records what the committer signals. */
public final class RecordingCommitRequest<T> implements CommitRequest<T> {
    private final T committable;
    private final List<String> signals = new ArrayList<>();

    public RecordingCommitRequest(T committable) {
        this.committable = committable;
    }

    /** The signals in order: {@code failedWithKnownReason}, {@code retryLater}, {@code alreadyCommitted}, ... */
    public List<String> signals() {
        return signals;
    }

    @Override
    public T getCommittable() {
        return committable;
    }

    @Override
    public int getNumberOfRetries() {
        return 0;
    }

    @Override
    public void signalFailedWithKnownReason(Throwable t) {
        signals.add("failedWithKnownReason");
    }

    @Override
    public void signalFailedWithUnknownReason(Throwable t) {
        signals.add("failedWithUnknownReason");
    }

    @Override
    public void retryLater() {
        signals.add("retryLater");
    }

    @Override
    public void updateAndRetryLater(T committable) {
        signals.add("updateAndRetryLater");
    }

    @Override
    public void signalAlreadyCommitted() {
        signals.add("alreadyCommitted");
    }
}
