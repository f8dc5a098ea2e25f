package xyz.pura.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static xyz.pura.ledger.LedgerHarness.KEY;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import xyz.pura.events.LedgerEntry;
import xyz.pura.events.RequestCompleted;
import xyz.pura.events.pricing.RateCard;
import xyz.pura.events.pricing.TokenUsage;

/** A debit says what its amount priced, and the amount is the completion's cost to the nano-dollar. */
class UsageSourceTopologyTest {
    private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");
    private final LedgerHarness ledger = new LedgerHarness(LedgerConfig.defaults(), T0);

    @AfterEach
    void close() {
        ledger.close();
    }

    @Test
    void shouldCarryTheUsageSourceOfEachDebit() {
        RequestCompleted.ProviderUsage reported = new RequestCompleted.ProviderUsage(3_000, 800, 2_048, 500, null, null);
        long cost = RateCard.load("2026-12-07").cost("gpt-5", reported.tokens()).nanos();
        RequestCompleted provider = new RequestCompleted(1, RequestCompleted.eventIdFor("r1"), T0, "r1", KEY, "openai", "gpt-5",
                "premium", "ok", 200, null, 10, null, false, 2_990, 300, reported, cost, "2026-12-07", false, false, List.of(),
                RequestCompleted.USAGE_PROVIDER);
        ledger.pipe(provider);
        ledger.pipe(LedgerHarness.ok("r2", "gpt-4o", 1_234, T0.plusSeconds(1)));

        List<LedgerEntry> debits = ledger.ledger().stream().filter(LedgerEntry::isRequestDebit).toList();
        assertThat(debits).extracting(LedgerEntry::usageSource).containsExactly("provider", "estimate");
        assertThat(debits.getFirst().amountNanoUsd()).isEqualTo(cost);
        assertThat(provider.pricedTokens()).isEqualTo(new TokenUsage(3_000, 2_048, 0, 0, 800, 500));
    }
}
