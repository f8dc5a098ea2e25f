package xyz.pura.status;

import java.util.ArrayList;
import java.util.List;

/**
 * What {@code GET /readyz} checks: ready when the broker is reachable and the tables have loaded.
 *
 * @param brokerReachable the Kafka broker answers
 * @param tablesLoaded the in-memory tables (keys, spend, ...) have caught up with Kafka
 */
public record Readiness(boolean brokerReachable, boolean tablesLoaded) {

    /** Whether every check passes. */
    public boolean ready() {
        return brokerReachable && tablesLoaded;
    }

    /** What is not ready, one short phrase each; empty when ready. */
    public List<String> notReady() {
        List<String> out = new ArrayList<>();
        if (!brokerReachable) {
            out.add("kafka broker unreachable");
        }
        if (!tablesLoaded) {
            out.add("tables not loaded");
        }
        return List.copyOf(out);
    }
}
