package xyz.pura.ingress.edge;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;

/**
 * How many self-service keys of each client (an address, an IPv6 /64) get the free tier today
 * ({@code PURA_FREE_TIER_KEYS_PER_ADDRESS}): the first ones do, later ones are created without it and need a funded
 * balance from their first request. Counts reset at 00:00 UTC. The table holds at most {@code maxClients} clients;
 * past that, a new client gets no free tier until the next day (a flood of addresses cannot buy memory or free
 * requests), which is logged once a day by the caller's metrics, not per key.
 */
public final class FreeTierAllowance {
    private final int keysPerClient;
    private final int maxClients;
    private final Clock clock;
    private final Map<String, Integer> today = new HashMap<>();
    private LocalDate day;

    /** @param keysPerClient keys with the free tier per client and day; a negative value: unlimited */
    public FreeTierAllowance(int keysPerClient, int maxClients, Clock clock) {
        this.keysPerClient = keysPerClient;
        this.maxClients = maxClients;
        this.clock = clock;
    }

    /** Counts a new key of {@code client}; whether it gets the free tier. */
    public synchronized boolean grant(String client) {
        if (keysPerClient < 0) {
            return true;
        }
        LocalDate now = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        if (!now.equals(day)) {
            today.clear();
            day = now;
        }
        Integer used = today.get(client);
        if (used == null && today.size() >= maxClients) {
            return false;
        }
        int n = used == null ? 0 : used;
        today.put(client, n + 1);
        return n < keysPerClient;
    }

    public int keysPerClient() {
        return keysPerClient;
    }
}
