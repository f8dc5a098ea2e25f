package xyz.pura.ledger.remote;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.function.Function;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.state.HostInfo;
import xyz.pura.events.KeyReport;
import xyz.pura.events.KeyUsage;
import xyz.pura.events.LedgerEntry;
import xyz.pura.events.LedgerReads;
import xyz.pura.events.WalletBalance;
import xyz.pura.events.refusal.Refusal;
import xyz.pura.events.refusal.Refused;
import xyz.pura.ledger.LedgerQueries;
import xyz.pura.ledger.LedgerStreamsService;
import xyz.pura.ledger.LedgerTopology;
import xyz.pura.ledger.LedgerUnavailableException;

/**
 * A key's reads answered by the ledger instance that owns it. Each read names its store; Kafka Streams' metadata
 * ({@code queryMetadataForKey}) says which instance holds that store's partition for the key as active. This
 * instance answers from its own store when it is the active owner; otherwise it forwards the read to the owner's
 * {@code application.server} once (a forwarded read is never forwarded again, so a read misrouted during a
 * rebalance is a 503, not a loop). While the owner is unknown (rebalancing) or cannot be reached (it just died; its
 * partitions move after the session timeout, to an instance whose standby replica is already warm), the read is a
 * 503 {@code ledger_unavailable} with {@code Retry-After: 1}. Standby replicas are never read: they trail the
 * active by up to a commit, and a report that shows less than one already shown would mislead a reconciliation
 * (ClusterChaosTest caught exactly that). A key is never answered from a store that does not own it.
 *
 * <p>With one instance (no {@code application.server}) every read is local.
 */
public final class LedgerRouting implements LedgerReads {
    /** How a read may be answered. */
    public enum Mode {
        /** Routed: locally as owner, else forwarded to the owner. */
        ROUTE,
        /** Only as the active owner (a forwarded read). */
        OWNER_ONLY;

        static Mode ofHeader(String value) {
            return "owner".equals(value) ? OWNER_ONLY : ROUTE;
        }
    }

    private final LedgerStreamsService ledger;
    private final HostInfo self;
    private final Mode mode;

    /** @param self this instance's {@code application.server}, or null for a single instance (every read local) */
    public LedgerRouting(LedgerStreamsService ledger, HostInfo self) {
        this(ledger, self, Mode.ROUTE);
    }

    private LedgerRouting(LedgerStreamsService ledger, HostInfo self, Mode mode) {
        this.ledger = ledger;
        this.self = self;
        this.mode = mode;
    }

    /** The same instance answering reads that came with {@code mode}. */
    LedgerRouting as(Mode mode) {
        return new LedgerRouting(ledger, self, mode);
    }

    @Override
    public KeyReport report(String keyId, Instant at) {
        return read(LedgerTopology.REPORT_STORE, keyId, q -> q.report(keyId, at), peer -> peer.report(keyId, at));
    }

    @Override
    public WalletBalance balance(String keyId) {
        return read(LedgerTopology.ACCOUNT_STORE, keyId, q -> q.balance(keyId), peer -> peer.balance(keyId));
    }

    @Override
    public List<LedgerEntry> recentEntries(String keyId, int limit) {
        return read(LedgerTopology.RECENT_STORE, keyId, q -> q.recentEntries(keyId, limit),
                peer -> peer.recentEntries(keyId, limit));
    }

    @Override
    public KeyUsage usage(String keyId, LocalDate from, LocalDate to) {
        return read(LedgerTopology.USAGE_STORE, keyId, q -> q.usage(keyId, from, to), peer -> peer.usage(keyId, from, to));
    }

    private <T> T read(String store, String keyId, Function<LedgerQueries, T> local, Function<RemoteLedger, T> remote) {
        if (self == null) {
            return local(ledger.queries(), local);
        }
        KeyQueryMetadata owner = ledger.owner(store, keyId);
        boolean known = owner != null && !KeyQueryMetadata.NOT_AVAILABLE.equals(owner);
        if (known && self.equals(owner.activeHost())) {
            return local(ledger.queries(), local);
        }
        if (mode == Mode.OWNER_ONLY || !known) {
            throw unavailable();
        }
        return remote.apply(peer(owner.activeHost(), "owner"));
    }

    private static <T> T local(LedgerQueries queries, Function<LedgerQueries, T> read) {
        try {
            return read.apply(queries);
        } catch (LedgerUnavailableException e) {
            throw unavailable();
        }
    }

    private static RemoteLedger peer(HostInfo host, String readMode) {
        return new RemoteLedger(List.of("http://" + host.host() + ":" + host.port()), readMode);
    }

    static Refused unavailable() {
        return new Refused(new Refusal.Unavailable("ledger_unavailable", "The ledger instance that owns this key is not "
                + "available yet (starting or rebalancing). Try again shortly.", Refusal.retryAfter(1)));
    }
}
