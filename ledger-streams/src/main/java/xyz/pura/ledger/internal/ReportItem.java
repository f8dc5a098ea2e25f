package xyz.pura.ledger.internal;

import xyz.pura.events.RequestCompleted;
import xyz.pura.events.pricing.TokenUsage;

/**
 * One debit as the 24 h report store keeps it, at the debit's event time: its model, its cost, the answer's priced
 * tokens by component and whether they were the provider's or the estimate.
 *
 * @param tokens null in items stored before this field
 * @param usageSource null in items stored before this field (priced from the estimate)
 * @param endpoint the completion's front door; null in items stored before this field
 */
public record ReportItem(String model, long costNanoUsd, TokenUsage tokens, String usageSource, String endpoint) {
    public ReportItem(String model, long costNanoUsd) {
        this(model, costNanoUsd, null, null, null);
    }

    static ReportItem of(RequestCompleted c) {
        return new ReportItem(c.model(), c.costNanoUsd(), c.pricedTokens(),
                c.usageSource() == null ? RequestCompleted.USAGE_ESTIMATE : c.usageSource(), c.endpoint());
    }

    boolean fromProvider() {
        return RequestCompleted.USAGE_PROVIDER.equals(usageSource);
    }
}
