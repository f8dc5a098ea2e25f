package xyz.pura.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class LedgerEventSchemaTest {
    private static final Instant NOW = Instant.parse("2026-11-25T10:15:30Z");
    private static final String KEY = "key_0123456789abcdef";

    @Test
    void shouldWriteLedgerSpendAndQualityRecordsThatValidateAgainstTheirSchemas() {
        LedgerEntry entry = new LedgerEntry(1, "r1:debit", NOW, KEY, 1, LedgerEntry.DEBIT, LedgerEntry.SOURCE_REQUEST,
                "r1", 8_755_000, 0, LocalDate.of(2026, 11, 25), "2026-11-25", "openai", "gpt-4o", "ok", 1234, 567,
                false, 8_755_000, 1, 8_755_000, 1, 0);
        SpendView view = new SpendView(1, KEY + ":spend:1", NOW, KEY, LocalDate.of(2026, 11, 25), 8_755_000,
                10_000_000_000L, 9_991_245_000L, 1, 1, 0, 8_755_000, 1, NOW);
        QualityScore.Window w = new QualityScore.Window(60, 4, 1, 0.75, 120L, 200L, NOW);
        QualityScore.Window empty = new QualityScore.Window(3600, 0, 0, null, null, null, NOW);
        QualityScore score = new QualityScore(1, "quality:groq:1", NOW, "groq", w, w, empty);

        assertThat(EventSchemas.validate(Topics.LEDGER, Json.mapper().valueToTree(entry))).isEmpty();
        assertThat(EventSchemas.validate(Topics.SPEND, Json.mapper().valueToTree(view))).isEmpty();
        assertThat(EventSchemas.validate(Topics.QUALITY, Json.mapper().valueToTree(score))).isEmpty();
        assertThat(Json.mapper().valueToTree(entry).get("utcDay").asText()).isEqualTo("2026-11-25");
        assertThat(Topics.LEDGER.valueSerde().deserialize("t", Topics.LEDGER.valueSerde().serialize("t", entry)))
                .isEqualTo(entry);
    }

    @Test
    void shouldCarryADebitsTierAndTokensByComponentInTheSchema() {
        LedgerEntry entry = debit("premium");

        assertThat(EventSchemas.validate(Topics.LEDGER, Json.mapper().valueToTree(entry))).isEmpty();
        assertThat(Json.mapper().valueToTree(entry).get("tokens").get("cacheWrite1hTokens").asLong()).isEqualTo(256);
        assertThat(Topics.LEDGER.valueSerde().deserialize("t", Topics.LEDGER.valueSerde().serialize("t", entry)))
                .isEqualTo(entry);
        assertThat(EventSchemas.validate(Topics.LEDGER, Json.mapper().valueToTree(debit("gold")))).isNotEmpty();
    }

    private static LedgerEntry debit(String tier) {
        return new LedgerEntry(1, "r1:debit", NOW, KEY, 1, LedgerEntry.DEBIT, LedgerEntry.SOURCE_REQUEST, "r1", 5_000, 0,
                LocalDate.of(2026, 11, 25), "2026-12-07.1", "anthropic", "claude-sonnet-4-5", "ok", 2_000, 300, false,
                5_000, 1, 5_000, 1, 0, null, "provider", "/v1/messages", tier,
                new xyz.pura.events.pricing.TokenUsage(3_000, 1_024, 512, 256, 900, 600));
    }

    @Test
    void shouldReadASpendViewOnALaterDayAsNothingSpent() {
        SpendView view = new SpendView(1, "k:spend:1", NOW, KEY, LocalDate.of(2026, 11, 25), 500, 1000, 500, 3, 3, 0,
                500, 3, NOW);
        SpendView tomorrow = view.asOf(LocalDate.of(2026, 11, 26));
        assertThat(tomorrow.spentTodayNanoUsd()).isZero();
        assertThat(tomorrow.remainingNanoUsd()).isEqualTo(1000);
        assertThat(tomorrow.freeRequestsUsed()).isEqualTo(3);
        assertThat(view.asOf(LocalDate.of(2026, 11, 25))).isSameAs(view);
    }
}
