package xyz.pura.lightning.wallet;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import xyz.pura.events.WalletEvent;

/**
 * Every invoice the gateway issued and what became of it, fed from {@code pura.wallet}: which key owns an
 * invoice (the API serves a key only its own), which are still pending (the settlement watcher polls
 * them), and the latest pending one of a key (a 402 offers it again rather than issuing a new one).
 * Bounded: a settled or expired invoice is forgotten {@link #RETENTION} after it expired (its credit lives on in the
 * ledger), and the book never holds more than {@link #MAX_ENTRIES} (the oldest finished invoices go first).
 */
public final class InvoiceBook {
    /** One invoice. {@code state}: pending, settled or expired. */
    public record Entry(String invoiceId, String keyId, long amountSat, String paymentRequest, Instant createdAt,
                        Instant expiresAt, String state, Instant settledAt) {
        Entry with(String newState, Instant at) {
            return new Entry(invoiceId, keyId, amountSat, paymentRequest, createdAt, expiresAt, newState,
                    "settled".equals(newState) ? at : settledAt);
        }
    }

    /** How long a finished (settled or expired) invoice stays in the book after its expiry. */
    public static final java.time.Duration RETENTION = java.time.Duration.ofDays(7);
    public static final int MAX_ENTRIES = 200_000;

    private final Map<String, Entry> byId = new ConcurrentHashMap<>();
    private final java.time.Clock clock;
    private final java.util.concurrent.atomic.AtomicInteger applied = new java.util.concurrent.atomic.AtomicInteger();

    public InvoiceBook() {
        this(java.time.Clock.systemUTC());
    }

    public InvoiceBook(java.time.Clock clock) {
        this.clock = clock;
    }

    public void apply(WalletEvent event) {
        if (applied.incrementAndGet() % 1024 == 0 || byId.size() >= MAX_ENTRIES) {
            evict();
        }
        applyOne(event);
    }

    /** Forgets finished invoices past the retention, then (still full) the oldest finished ones. */
    synchronized void evict() {
        Instant horizon = clock.instant().minus(RETENTION);
        byId.values().removeIf(e -> !"pending".equals(e.state()) && e.expiresAt().isBefore(horizon));
        if (byId.size() >= MAX_ENTRIES) {
            byId.values().stream().filter(e -> !"pending".equals(e.state()))
                    .sorted(java.util.Comparator.comparing(Entry::expiresAt))
                    .limit(byId.size() - MAX_ENTRIES * 9L / 10).map(Entry::invoiceId).toList()
                    .forEach(byId::remove);
        }
    }

    public int size() {
        return byId.size();
    }

    /** How many of the key's invoices are unpaid and not expired at {@code now}. */
    public int pendingOf(String keyId, Instant now) {
        int n = 0;
        for (Entry e : byId.values()) {
            if (e.keyId().equals(keyId) && "pending".equals(e.state()) && e.expiresAt().isAfter(now)) {
                n++;
            }
        }
        return n;
    }

    private void applyOne(WalletEvent event) {
        switch (event) {
            case WalletEvent.InvoiceCreated c -> byId.putIfAbsent(c.invoiceId(), new Entry(c.invoiceId(), c.keyId(),
                    c.amountSat(), c.paymentRequest(), c.occurredAt(), c.expiresAt(), "pending", null));
            case WalletEvent.InvoiceSettled s -> byId.computeIfPresent(s.invoiceId(), (id, e) -> e.with("settled", s.settledAt()));
            case WalletEvent.InvoiceExpired x -> byId.computeIfPresent(x.invoiceId(), (id, e) ->
                    "settled".equals(e.state()) ? e : e.with("expired", null));
        }
    }

    public Optional<Entry> find(String invoiceId) {
        return Optional.ofNullable(byId.get(invoiceId));
    }

    /** The key's invoice with this id; empty for another key's invoice (as if it did not exist). */
    public Optional<Entry> findFor(String keyId, String invoiceId) {
        return find(invoiceId).filter(e -> e.keyId().equals(keyId));
    }

    public List<Entry> pending() {
        List<Entry> out = new ArrayList<>();
        for (Entry e : byId.values()) {
            if ("pending".equals(e.state())) {
                out.add(e);
            }
        }
        return out;
    }

    /** The key's most recent invoice still pending and not about to expire. */
    public Optional<Entry> reusable(String keyId, Instant now) {
        Entry best = null;
        for (Entry e : byId.values()) {
            if (e.keyId().equals(keyId) && "pending".equals(e.state()) && e.expiresAt().isAfter(now.plusSeconds(300))
                    && (best == null || e.createdAt().isAfter(best.createdAt()))) {
                best = e;
            }
        }
        return Optional.ofNullable(best);
    }
}
