package xyz.pura.app;

/**
 * Where a ledger instance is reached by the others and by ingresses, when several run (Kafka Streams'
 * {@code application.server}), and how many standby replicas of its stores the other instances keep.
 *
 * @param port the ledger's internal endpoint port beside an ingress in the same process (PURA_LEDGER_PORT; unset:
 *     none, and that process's ledger answers only its own reads: a single instance). A process with the ledger role
 *     and no ingress serves the endpoint on PURA_PORT and advertises it; 0: any free port
 * @param advertisedHost the host the other instances reach this one at (PURA_LEDGER_ADVERTISED_HOST; default
 *     PURA_HOST, or 127.0.0.1 when that is 0.0.0.0 or ::)
 * @param standbyReplicas standby replicas of each ledger store on other instances (PURA_LEDGER_STANDBY_REPLICAS, 1;
 *     0 to 2): with one, a failed instance's keys are served again within seconds
 */
public record LedgerSettings(Integer port, String advertisedHost, int standbyReplicas) {

    public LedgerSettings {
        new Problems()
                .check(port == null || (port >= 0 && port <= 65_535), "PURA_LEDGER_PORT must be 0 to 65535, not " + port)
                .check(standbyReplicas >= 0 && standbyReplicas <= 2,
                        "PURA_LEDGER_STANDBY_REPLICAS must be 0, 1 or 2, not " + standbyReplicas)
                .throwIfAny();
    }

    static LedgerSettings read(EnvReader r, DoorSettings door) {
        int rawPort = r.integer("PURA_LEDGER_PORT", -1);
        Integer port = rawPort == -1 ? null : rawPort;
        String host = r.string("PURA_LEDGER_ADVERTISED_HOST", door.host().equals("0.0.0.0") || door.host().equals("::")
                ? "127.0.0.1" : door.host());
        int standbys = r.integer("PURA_LEDGER_STANDBY_REPLICAS", 1);
        return r.of(() -> new LedgerSettings(port, host, standbys), new LedgerSettings(null, host, 1));
    }

    /** The default: one instance, one standby for when there are more. */
    static LedgerSettings single(String host) {
        return new LedgerSettings(null, host, 1);
    }
}
