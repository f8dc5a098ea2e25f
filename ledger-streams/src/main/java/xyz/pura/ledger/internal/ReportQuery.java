package xyz.pura.ledger.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import xyz.pura.events.Endpoint;
import xyz.pura.events.KeyReport;
import xyz.pura.events.pricing.TokenUsage;

/** Sums a key's debits (cost, requests, the answers' priced tokens by component) with event time in {@code (at - 24 h, at]} from the report store. */
public final class ReportQuery {
    public static final Duration PERIOD = Duration.ofHours(24);

    private ReportQuery() {
    }

    public static KeyReport report(ReadOnlyWindowStore<String, ReportItem> store, String keyId, Instant at) {
        Instant start = at.minus(PERIOD);
        long total = 0;
        long count = 0;
        Map<String, long[]> perModel = new TreeMap<>();
        Map<String, long[]> perEndpoint = new TreeMap<>();
        try (WindowStoreIterator<ReportItem> it = store.fetch(keyId, start.plusMillis(1), at)) {
            while (it.hasNext()) {
                ReportItem item = it.next().value;
                total = Math.addExact(total, item.costNanoUsd());
                count++;
                long[] m = perModel.computeIfAbsent(item.model(), k -> new long[9]);
                long[] e = perEndpoint.computeIfAbsent(Endpoint.orUnrecorded(item.endpoint()), k -> new long[2]);
                e[0] = Math.addExact(e[0], item.costNanoUsd());
                e[1]++;
                m[0] = Math.addExact(m[0], item.costNanoUsd());
                m[1]++;
                TokenUsage t = item.tokens();
                if (t != null) {
                    m[2] = Math.addExact(m[2], t.inputTokens());
                    m[3] = Math.addExact(m[3], t.cacheReadTokens());
                    m[4] = Math.addExact(m[4], t.cacheWrite5mTokens());
                    m[5] = Math.addExact(m[5], t.cacheWrite1hTokens());
                    m[6] = Math.addExact(m[6], t.outputTokens());
                    m[7] = Math.addExact(m[7], t.reasoningTokens());
                }
                if (!item.fromProvider()) {
                    m[8]++;
                }
            }
        }
        List<KeyReport.ModelUsage> models = new ArrayList<>(perModel.size());
        perModel.forEach((model, m) -> models.add(new KeyReport.ModelUsage(model, m[0], m[1],
                new KeyReport.Tokens(m[2], m[3], m[4], m[5], m[6], m[7]), m[8])));
        List<KeyReport.EndpointUsage> endpoints = new ArrayList<>(perEndpoint.size());
        perEndpoint.forEach((endpoint, e) -> endpoints.add(new KeyReport.EndpointUsage(endpoint, e[0], e[1])));
        return new KeyReport(keyId, start, at, total, count, KeyReport.average(total, count), models, endpoints);
    }
}
