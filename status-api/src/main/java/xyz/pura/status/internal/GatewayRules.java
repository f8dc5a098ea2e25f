package xyz.pura.status.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import xyz.pura.status.StatusInputs.ChainInputs;
import xyz.pura.status.StatusInputs.GatewayInputs;
import xyz.pura.status.StatusReport.Chain;
import xyz.pura.status.StatusReport.Gateway;
import xyz.pura.status.StatusThresholds;

/** Judges the gateway's own components; each problem adds one reason. */
public final class GatewayRules {
    private GatewayRules() {
    }

    /** The gateway section, adding a reason to {@code reasons} for every unhealthy component. */
    public static Gateway evaluate(GatewayInputs in, StatusThresholds t, Instant now, List<String> reasons) {
        int before = reasons.size();
        if (!in.kafkaReachable()) {
            reasons.add("Kafka is unreachable");
        }
        if (in.producerBacklog() >= t.maxProducerBacklog()) {
            reasons.add("producer backlog is " + in.producerBacklog() + " events (limit " + t.maxProducerBacklog() + ")");
        }
        if (in.streamsState() != null && !"RUNNING".equals(in.streamsState())) {
            reasons.add("ledger Streams is " + in.streamsState() + ", not RUNNING");
        }
        if (in.consumerLag() != null && in.consumerLag() > t.maxConsumerLag()) {
            reasons.add("ledger consumer lag is " + in.consumerLag() + " records (limit " + t.maxConsumerLag() + ")");
        }
        if (!in.tablesLoaded()) {
            reasons.add("tables are still loading from Kafka");
        }
        ChainInputs c = in.chain() == null ? ChainInputs.none() : in.chain();
        boolean stale = c.configured() && (c.lastSuccessAt() == null
                || Duration.between(c.lastSuccessAt(), now).compareTo(t.chainStaleAfter()) > 0);
        if (stale) {
            reasons.add(c.lastSuccessAt() == null ? "chain weights were never read"
                    : "chain weights are stale (last read " + c.lastSuccessAt() + ")");
        }
        return new Gateway(reasons.size() == before, in.kafkaReachable(), in.producerBacklog(), in.streamsState(),
                in.consumerLag(), in.tablesLoaded(), new Chain(c.configured(), c.lastBlock(), stale, c.lastSuccessAt()));
    }
}
