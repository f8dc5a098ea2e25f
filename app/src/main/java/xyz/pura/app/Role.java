package xyz.pura.app;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * What one process runs, from {@code PURA_ROLES} (comma-separated; default: all). One machine runs all
 * of them in one JVM; many machines run them as separate processes on one Kafka cluster.
 */
public enum Role {
    /** The HTTP gateway: /v1, /api, the status page and metrics, the simulator when no provider key is set. */
    INGRESS,
    /** The ledger's Kafka Streams topology, and (without INGRESS) its report endpoint for remote ingresses. */
    LEDGER,
    /** The chain oracle publishing pool weights. */
    ORACLE,
    /** A status-only server (/api/status, /status, /metrics) for a process that serves no traffic. */
    STATUS;

    public static Set<Role> parse(String value) {
        if (value == null || value.isBlank() || value.trim().equalsIgnoreCase("all")) {
            return EnumSet.of(INGRESS, LEDGER, ORACLE);
        }
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (String part : value.split(",")) {
            String name = part.trim().toUpperCase(Locale.ROOT);
            try {
                roles.add(Role.valueOf(name));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("PURA_ROLES: unknown role '" + part.trim()
                        + "'; use ingress, ledger, oracle, status or all");
            }
        }
        return roles;
    }
}
