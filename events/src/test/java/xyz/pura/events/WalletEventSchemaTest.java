package xyz.pura.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class WalletEventSchemaTest {
    private static final Instant NOW = Instant.parse("2026-11-25T10:15:30Z");
    private static final String KEY = "key_0123456789abcdef";
    private static final String HASH = "0001020304050607080900010203040506070809000102030405060708090102";
    private static final String BOLT11 = "lnbc10u1pvjluezsp5zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zygspp5qqqsyqcyq5rqwzqfqqqsyqcyq5rqwzqfqqqsyqcyq5rqwzqfqypqdpl2pkx2ctnv5sxxmmwwd5kgetjypeh2ursdae8g6twvus8g6rfwvs8qun0dfjkxaq9qrsgq357wnc5r2ueh7ck6q93dj32dlqnls087fxdwk8qakdyafkq3yap9us6v52vjjsrvywa6rt52cm9r9zqt8r2t7mlcwspyetp5h2tztugp9lfyql";

    private static final WalletEvent CREATED = WalletEvent.InvoiceCreated.of(NOW, HASH, KEY, 10_000, BOLT11,
            NOW.plusSeconds(3600), WalletEvent.BACKEND_DEV);
    private static final WalletEvent SETTLED = WalletEvent.InvoiceSettled.of(NOW.plusSeconds(60), HASH, KEY,
            10_000_000, NOW.plusSeconds(59));
    private static final WalletEvent EXPIRED = WalletEvent.InvoiceExpired.of(NOW.plusSeconds(3600), HASH, KEY);

    private static JsonNode json(Object value) {
        return Json.mapper().valueToTree(value);
    }

    @Test
    void shouldWriteEveryWalletEventThatValidatesAgainstThePuraWalletSchema() {
        for (WalletEvent e : new WalletEvent[] {CREATED, SETTLED, EXPIRED}) {
            assertThat(EventSchemas.validate(Topics.WALLET, json(e))).as(e.toString()).isEmpty();
        }
        assertThat(json(CREATED).get("type").asText()).isEqualTo("InvoiceCreated");
        assertThat(json(SETTLED).get("type").asText()).isEqualTo("InvoiceSettled");
        assertThat(json(EXPIRED).get("type").asText()).isEqualTo("InvoiceExpired");
    }

    @Test
    void shouldRoundTripEveryWalletEventThroughTheTopicSerde() {
        JsonSerde<WalletEvent> serde = Topics.WALLET.valueSerde();
        for (WalletEvent e : new WalletEvent[] {CREATED, SETTLED, EXPIRED}) {
            assertThat(serde.deserialize("t", serde.serialize("t", e))).isEqualTo(e);
        }
    }

    @Test
    void shouldNameASettlementByItsInvoiceSoThatASecondReportIsTheSameEvent() {
        WalletEvent again = WalletEvent.InvoiceSettled.of(NOW.plusSeconds(600), HASH, KEY, 10_000_000, NOW.plusSeconds(59));

        assertThat(again.eventId()).isEqualTo(SETTLED.eventId()).isEqualTo(HASH + ":settled");
        assertThat(CREATED.eventId()).isEqualTo(HASH + ":created");
        assertThat(EXPIRED.eventId()).isEqualTo(HASH + ":expired");
        assertThat(((WalletEvent.InvoiceCreated) CREATED).amountMsat()).isEqualTo(10_000_000);
    }

    @Test
    void shouldRejectWalletEventsThatBreakTheSchema() {
        ObjectNode noAmount = ((ObjectNode) json(SETTLED)).without("amountMsat");
        ObjectNode badHash = ((ObjectNode) json(EXPIRED)).put("invoiceId", "not-a-hash");
        ObjectNode wrongId = ((ObjectNode) json(SETTLED)).put("eventId", HASH + ":created");
        ObjectNode badBackend = ((ObjectNode) json(CREATED)).put("backend", "cln");
        ObjectNode zeroSats = ((ObjectNode) json(CREATED)).put("amountSat", 0);

        for (ObjectNode broken : new ObjectNode[] {noAmount, badHash, wrongId, badBackend, zeroSats}) {
            assertThat(EventSchemas.validate(Topics.WALLET, broken)).as(broken.toString()).isNotEmpty();
        }
    }

    @Test
    void shouldValidateACreditEntryAndASpendViewWithTheWalletFields() {
        LedgerEntry credit = new LedgerEntry(1, LedgerEntry.creditIdFor(HASH), NOW, KEY, 3, LedgerEntry.CREDIT,
                LedgerEntry.SOURCE_INVOICE, HASH, 0, 10_000_000, LocalDate.of(2026, 11, 25), null, null, null, null,
                null, null, null, 0, 0, 0, 2, 10_000_000, null);
        LedgerEntry satsDebit = new LedgerEntry(1, "r9:debit", NOW, KEY, 4, LedgerEntry.DEBIT, LedgerEntry.SOURCE_REQUEST,
                "r9", 1, 1, LocalDate.of(2026, 11, 25), "2026-11-25", "openai", "gpt-4o", "ok", 1, 1, false, 1, 1, 1, 3,
                9_999_999, 1_100_000L);
        LedgerEntry creditFromARequest = new LedgerEntry(1, "r9:credit", NOW, KEY, 5, LedgerEntry.CREDIT,
                LedgerEntry.SOURCE_REQUEST, "r9", 0, 1, LocalDate.of(2026, 11, 25), null, null, null, null, null, null,
                null, 0, 0, 0, 2, 1, null);
        SpendView view = new SpendView(1, KEY + ":spend:4", NOW, KEY, LocalDate.of(2026, 11, 25), 1, 10, 9, 1, 3,
                -5, 1, 4, NOW, 5000L, 10_000_000);

        assertThat(EventSchemas.validate(Topics.LEDGER, json(credit))).isEmpty();
        assertThat(EventSchemas.validate(Topics.LEDGER, json(satsDebit))).isEmpty();
        assertThat(EventSchemas.validate(Topics.LEDGER, json(creditFromARequest))).isNotEmpty();
        assertThat(EventSchemas.validate(Topics.SPEND, json(view))).isEmpty();
        assertThat(Topics.LEDGER.valueSerde().deserialize("t", Topics.LEDGER.valueSerde().serialize("t", satsDebit)))
                .isEqualTo(satsDebit);
        assertThat(Topics.SPEND.valueSerde().deserialize("t", Topics.SPEND.valueSerde().serialize("t", view)))
                .isEqualTo(view);
    }

    @Test
    void shouldReadAViewWrittenBeforeTheWalletWithoutItsNewFields() {
        ObjectNode old = ((ObjectNode) json(new SpendView(1, "k:spend:1", NOW, KEY, LocalDate.of(2026, 11, 25), 0, 10,
                10, 0, 0, 0, 0, 0, NOW)));
        assertThat(old.has("freeRequestsLimit")).isFalse();

        SpendView read = Topics.SPEND.valueSerde().deserialize("t", Json.bytes(old.without("creditedMsat")));

        assertThat(read.freeRequestsLimit()).isNull();
        assertThat(read.creditedMsat()).isZero();
    }

    @Test
    void shouldConvertUsdToMillisatsRoundingUpExactly() {
        SatsRate rate = SatsRate.parseSatsPerUsd("1100");

        assertThat(rate.msatPerUsd()).isEqualTo(1_100_000);
        assertThat(rate.msatFor(0)).isZero();
        assertThat(rate.msatFor(1)).as("0.0011 msat rounds up").isEqualTo(1);
        assertThat(rate.msatFor(909)).as("0.9999 msat").isEqualTo(1);
        assertThat(rate.msatFor(910)).as("1.001 msat").isEqualTo(2);
        assertThat(rate.msatFor(1_000_000_000)).as("1 USD").isEqualTo(1_100_000);
        assertThat(rate.msatFor(Long.MAX_VALUE)).as("beyond a long product, via BigInteger")
                .isEqualTo(10_145_709_240_540_254L);
        assertThat(SatsRate.parseSatsPerUsd("1100.001").msatPerUsd()).isEqualTo(1_100_001);
        assertThat(SatsRate.parseSatsPerUsd("1100.5").toString()).isEqualTo("1100.5 sats/USD");
        assertThatThrownBy(() -> SatsRate.parseSatsPerUsd("1100.0001")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SatsRate.parseSatsPerUsd("0")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SatsRate.parseSatsPerUsd("lots")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldDeriveFreeRequestsLeftAndWholeSatsOfABalance() {
        WalletBalance b = WalletBalance.of(KEY, -1, 10_000_000, 5003, 5000, 9);

        assertThat(b.freeRequestsLeft()).isZero();
        assertThat(b.balanceSats()).isEqualTo(-1);
        assertThat(b.funded()).isTrue();
        assertThat(WalletBalance.of(KEY, 0, 0, 3, 5000, 3).freeRequestsLeft()).isEqualTo(4997);
    }
}
