package xyz.pura.ledger.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import xyz.pura.events.KeyReport;

/** Sums a key's debits with event time in {@code (at - 24 h, at]} from the report store. */
public final class ReportQuery {
    public static final Duration PERIOD = Duration.ofHours(24);

    private ReportQuery() {
    }

    public static KeyReport report(ReadOnlyWindowStore<String, ReportItem> store, String keyId, Instant at) {
        Instant start = at.minus(PERIOD);
        long total = 0;
        long count = 0;
        Map<String, long[]> perModel = new TreeMap<>();
        try (WindowStoreIterator<ReportItem> it = store.fetch(keyId, start.plusMillis(1), at)) {
            while (it.hasNext()) {
                ReportItem item = it.next().value;
                total = Math.addExact(total, item.costNanoUsd());
                count++;
                long[] m = perModel.computeIfAbsent(item.model(), k -> new long[2]);
                m[0] = Math.addExact(m[0], item.costNanoUsd());
                m[1]++;
            }
        }
        List<KeyReport.ModelUsage> models = new ArrayList<>(perModel.size());
        perModel.forEach((model, m) -> models.add(new KeyReport.ModelUsage(model, m[0], m[1])));
        return new KeyReport(keyId, start, at, total, count, KeyReport.average(total, count), models);
    }
}
