package xyz.pura.status;

import java.util.ArrayList;
import java.util.List;

/**
 * What {@code GET /readyz} checks: ready when the broker is reachable, the tables have loaded and every table
 * feed is running.
 *
 * @param brokerReachable the Kafka broker answers
 * @param tablesLoaded the in-memory tables (keys, spend, ...) have caught up with Kafka
 * @param feedsDown the topics whose table feed is down now (its consumer failed and is being restarted)
 */
public record Readiness(boolean brokerReachable, boolean tablesLoaded, List<String> feedsDown) {

    public Readiness {
        feedsDown = List.copyOf(feedsDown);
    }

    public Readiness(boolean brokerReachable, boolean tablesLoaded) {
        this(brokerReachable, tablesLoaded, List.of());
    }

    /** Whether every check passes. */
    public boolean ready() {
        return brokerReachable && tablesLoaded && feedsDown.isEmpty();
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
        for (String topic : feedsDown) {
            out.add("feed of " + topic + " down (restarting)");
        }
        return List.copyOf(out);
    }
}
