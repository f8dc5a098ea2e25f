package xyz.pura.status;

import java.time.Instant;
import java.util.List;

/**
 * What {@code GET /api/status} answers.
 *
 * @param status operational | degraded | outage
 */
public record StatusReport(String status, Instant checkedAt, List<ProviderStatus> providers, Gateway gateway) {

    /**
     * @param status active | idle | degraded | unconfigured
     */
    public record ProviderStatus(String name, boolean configured, boolean available, String status) {
    }

    /** The gateway's own health. */
    public record Gateway(boolean kafkaReachable, long producerBacklog, boolean tablesLoaded) {
    }
}
