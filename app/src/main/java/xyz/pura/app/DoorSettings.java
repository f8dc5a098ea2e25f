package xyz.pura.app;

import java.time.Duration;
import java.util.Locale;
import xyz.pura.ingress.edge.ClientAddress;

/**
 * The HTTP door's limits, validated when built (every problem at once).
 *
 * @param host where the gateway listens (PURA_HOST, 127.0.0.1)
 * @param port its port (PURA_PORT, 8080; 0: any free port)
 * @param maxBodyBytes larger bodies get 413 (PURA_MAX_BODY_BYTES, 4 MiB)
 * @param maxInFlight chat requests served at once (streams included) before new ones get 503 {@code overloaded}
 *     (PURA_MAX_IN_FLIGHT, 2,000: room for 1,000 held-open streams besides short requests, within the default
 *     320 MB heap)
 * @param bodyReadTimeout how long a chat request's whole body may take to arrive; past it 408
 *     {@code request_timeout}; it is read before the request takes an in-flight permit
 *     (PURA_BODY_READ_TIMEOUT_SECONDS, 10; at least 1)
 * @param minRequestBytesPerSecond the slowest average a chat request's body may arrive at after its first second;
 *     slower: 408 {@code request_timeout} (PURA_MIN_REQUEST_BYTES_PER_SECOND, 1024; 0: only the deadline)
 * @param streamWriteTimeout how long one write of a streamed answer may block on a client that stopped reading;
 *     then the stream is cut and billed as {@code client_cancelled} for what was written
 *     (PURA_STREAM_WRITE_TIMEOUT_SECONDS, 30; at least 1)
 * @param keyCreationAdminOnly who may create keys (PURA_KEY_CREATION): open (default, anyone) or admin
 * @param trustedProxies the proxies whose X-Forwarded-For names the client (PURA_TRUSTED_PROXIES: addresses and
 *     CIDR blocks; default none)
 * @param keysPerMinutePerAddress keys a client address may create per minute (PURA_KEYS_PER_MINUTE_PER_ADDRESS,
 *     10; 0: unlimited)
 * @param freeTierKeysPerAddress self-service keys per client address (IPv6 /64) and UTC day that get the free
 *     tier (PURA_FREE_TIER_KEYS_PER_ADDRESS, 3; -1: all)
 */
public record DoorSettings(String host, int port, long maxBodyBytes, int maxInFlight, Duration bodyReadTimeout,
                           long minRequestBytesPerSecond, Duration streamWriteTimeout, boolean keyCreationAdminOnly,
                           String trustedProxies, long keysPerMinutePerAddress, int freeTierKeysPerAddress) {

    public DoorSettings {
        Problems p = new Problems()
                .check(bodyReadTimeout.toSeconds() >= 1,
                        "PURA_BODY_READ_TIMEOUT_SECONDS must be at least 1, not " + bodyReadTimeout.toSeconds())
                .check(minRequestBytesPerSecond >= 0,
                        "PURA_MIN_REQUEST_BYTES_PER_SECOND must be 0 or more, not " + minRequestBytesPerSecond)
                .check(streamWriteTimeout.toSeconds() >= 1,
                        "PURA_STREAM_WRITE_TIMEOUT_SECONDS must be at least 1, not " + streamWriteTimeout.toSeconds());
        try {
            ClientAddress.trusting(trustedProxies);
        } catch (IllegalArgumentException e) {
            p.add(e);
        }
        p.throwIfAny();
    }

    static DoorSettings read(EnvReader r) {
        String creation = r.string("PURA_KEY_CREATION", "open").strip().toLowerCase(Locale.ROOT);
        boolean adminOnly = switch (creation) {
            case "", "open" -> false;
            case "admin" -> true;
            default -> {
                r.problems().check(false, "PURA_KEY_CREATION must be open or admin, not '" + creation + "'");
                yield false;
            }
        };
        DoorSettings d = defaults();
        String host = r.string("PURA_HOST", d.host());
        int port = r.integer("PURA_PORT", d.port());
        int maxBody = r.integer("PURA_MAX_BODY_BYTES", (int) d.maxBodyBytes());
        int maxInFlight = r.integer("PURA_MAX_IN_FLIGHT", d.maxInFlight());
        int bodyRead = r.integer("PURA_BODY_READ_TIMEOUT_SECONDS", (int) d.bodyReadTimeout().toSeconds());
        int minRate = r.integer("PURA_MIN_REQUEST_BYTES_PER_SECOND", (int) d.minRequestBytesPerSecond());
        int streamWrite = r.integer("PURA_STREAM_WRITE_TIMEOUT_SECONDS", (int) d.streamWriteTimeout().toSeconds());
        String proxies = r.raw("PURA_TRUSTED_PROXIES");
        int keysPerMinute = r.integer("PURA_KEYS_PER_MINUTE_PER_ADDRESS", (int) d.keysPerMinutePerAddress());
        int freeTierKeys = r.integer("PURA_FREE_TIER_KEYS_PER_ADDRESS", d.freeTierKeysPerAddress());
        return r.of(() -> new DoorSettings(host, port, maxBody, maxInFlight, Duration.ofSeconds(bodyRead), minRate,
                Duration.ofSeconds(streamWrite), adminOnly, proxies, keysPerMinute, freeTierKeys), d);
    }

    /** The defaults listed above. */
    public static DoorSettings defaults() {
        return new DoorSettings("127.0.0.1", 8080, 4 * 1024 * 1024, 2_000, Duration.ofSeconds(10), 1024,
                Duration.ofSeconds(30), false, null, 10, 3);
    }

    /** The proxies of {@link #trustedProxies()}, parsed. */
    public ClientAddress clientAddresses() {
        return ClientAddress.trusting(trustedProxies);
    }

    public DoorSettings withPort(int newPort) {
        return new DoorSettings(host, newPort, maxBodyBytes, maxInFlight, bodyReadTimeout, minRequestBytesPerSecond,
                streamWriteTimeout, keyCreationAdminOnly, trustedProxies, keysPerMinutePerAddress, freeTierKeysPerAddress);
    }
}
