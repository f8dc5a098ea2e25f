package xyz.pura.events;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * Every topic of the product, in one place. Values whose event records are not written yet are
 * typed {@link JsonNode} until the issue that produces them gives them a record.
 */
public final class Topics {
    private Topics() {
    }

    /** KeyCreated / KeyUpdated / KeyRevoked, keyed by key id. The table that authenticates callers. */
    public static final Topic<KeyEvent> KEYS = Topic.of("pura.keys", Topic.Kind.COMPACTED, KeyEvent.class);
    /** RequestAccepted, keyed by key id. */
    public static final Topic<RequestAccepted> REQUESTS = Topic.of("pura.requests", Topic.Kind.APPEND, RequestAccepted.class);
    /** RequestCompleted, keyed by key id. */
    public static final Topic<RequestCompleted> COMPLETIONS = Topic.of("pura.completions", Topic.Kind.APPEND, RequestCompleted.class);
    /** LedgerEntry (debits and credits), keyed by key id; never deleted. */
    public static final Topic<LedgerEntry> LEDGER = Topic.of("pura.ledger", Topic.Kind.INFINITE, LedgerEntry.class);
    /** InvoiceCreated / InvoiceSettled / InvoiceExpired, keyed by key id. */
    public static final Topic<WalletEvent> WALLET = Topic.of("pura.wallet", Topic.Kind.APPEND, WalletEvent.class);
    /** WeightUpdated, keyed by provider. */
    public static final Topic<WeightUpdated> WEIGHTS = Topic.of("pura.weights", Topic.Kind.COMPACTED, WeightUpdated.class);
    /** QualityScore, keyed by provider. */
    public static final Topic<QualityScore> QUALITY = Topic.of("pura.quality", Topic.Kind.COMPACTED, QualityScore.class);
    /** SpendView, keyed by key id: the table that ingress admits from. */
    public static final Topic<SpendView> SPEND = Topic.of("pura.spend", Topic.Kind.COMPACTED, SpendView.class);

    public static final List<Topic<?>> ALL = List.of(KEYS, REQUESTS, COMPLETIONS, LEDGER, WALLET, WEIGHTS, QUALITY, SPEND);
}
