package xyz.pura.gateway.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import xyz.pura.events.RequestCompleted;
import xyz.pura.events.SatsRate;
import xyz.pura.events.SpendView;
import xyz.pura.events.refusal.Refusal;
import xyz.pura.events.refusal.Refused;
import xyz.pura.gateway.keys.ApiKey;

class BudgetsTest {
    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
    private static final ApiKey KEY = new ApiKey("key_0123456789abcdef", "h", "pura_01234567", "t", 1_000, false);
    private final Budgets budgets = new Budgets(Clock.fixed(NOW, ZoneOffset.UTC), 2, SatsRate.parseSatsPerUsd("1000000"));

    private static RequestCompleted completed(long cost) {
        return new RequestCompleted(1, "r:completed", NOW, "r", KEY.keyId(), "groq", "m", "cheap", "ok", 200, null, 1, null,
                false, 1, 1, null, cost, "v", false, false, List.of());
    }

    private static SpendView view(long spent, long billed, long seq, long balanceMsat, long creditedMsat) {
        return new SpendView(1, "v" + seq, NOW, KEY.keyId(), LocalDate.of(2026, 11, 25), spent, 1_000, 1_000 - spent, billed,
                billed, balanceMsat, spent, seq, NOW, 2L, creditedMsat);
    }

    @Test
    void shouldCallAReservationInFlightWhatItIsNotSpentMoney() {
        Budgets.Reservation first = budgets.admit(KEY, 600);

        // 600 held, 600 asked, nothing spent: a 429 to retry, never a 402 "budget spent"
        assertThatThrownBy(() -> budgets.admit(KEY, 600)).isInstanceOfSatisfying(Refused.class, e -> {
            assertThat(e.refusal()).isInstanceOf(Refusal.RateLimited.class);
            assertThat(e.code()).isEqualTo("budget_in_flight");
            assertThat(e.refusal().headers()).containsEntry("Retry-After", "1").containsEntry("X-Pura-Budget-Reserved", "0.000000600");
        });
        Budgets.Reservation small = budgets.admit(KEY, 400);
        first.settle(completed(300));
        small.settle(completed(700));
        // spent 1,000 of 1,000: now the budget is spent
        assertThatThrownBy(() -> budgets.admit(KEY, 1)).isInstanceOfSatisfying(Refused.class, e -> {
            assertThat(e.refusal()).isInstanceOf(Refusal.BudgetExhausted.class);
            assertThat(e.code()).isEqualTo("budget_exhausted");
        });
        assertThat(budgets.reservedNanoUsd(KEY.keyId())).isZero();
    }

    @Test
    void shouldAdmitTheLastRequestWhenNothingIsInFlightAndTheCapIsNotReached() {
        budgets.admit(KEY, 10).settle(completed(900));
        // 100 left, 600 asked, nothing in flight: admitted (the cap may be overshot by this one request)
        Budgets.Reservation last = budgets.admit(KEY, 600);
        last.settle(completed(600));
        assertThat(budgets.spentToday(KEY).nanos()).isEqualTo(1_500);
        assertThatThrownBy(() -> budgets.admit(KEY, 1)).isInstanceOfSatisfying(Refused.class,
                e -> assertThat(e.code()).isEqualTo("budget_exhausted"));
    }

    @Test
    void shouldWaitForReservationsInFlightBeforeRefusing() throws Exception {
        Budgets waiting = new Budgets(Clock.fixed(NOW, ZoneOffset.UTC), 2, SatsRate.parseSatsPerUsd("1000000"), 0,
                java.time.Duration.ofSeconds(20), OutputAllowance.unbounded());
        Budgets.Reservation held = waiting.admit(KEY, 900);
        java.util.concurrent.CompletableFuture<Budgets.Reservation> next =
                java.util.concurrent.CompletableFuture.supplyAsync(() -> waiting.admit(KEY, 500));
        org.awaitility.Awaitility.await().during(java.time.Duration.ofMillis(200)).until(() -> !next.isDone());
        held.settle(completed(100));
        assertThat(next.get(10, java.util.concurrent.TimeUnit.SECONDS).nanoUsd()).isEqualTo(500);
    }

    @Test
    void shouldMakeALocalSettlementSpendableAtOnceAndCountItOnce() {
        budgets.admit(KEY, 10).settle(completed(10));
        budgets.admit(KEY, 10).settle(completed(10));
        assertThatThrownBy(() -> budgets.admit(KEY, 10)).isInstanceOf(PaymentRequiredException.class);

        assertThat(budgets.credit(KEY.keyId(), "inv-1", 5_000)).isTrue();
        assertThat(budgets.credit(KEY.keyId(), "inv-1", 5_000)).as("the same settlement twice").isFalse();
        assertThat(budgets.wallet(KEY).balanceMsat()).isEqualTo(5_000);
        budgets.admit(KEY, 10).release();

        // the ledger books it: the local credit goes, the balance stays
        budgets.onView(view(20, 2, 3, 5_000, 5_000));
        assertThat(budgets.wallet(KEY).balanceMsat()).isEqualTo(5_000);
        assertThat(budgets.credit(KEY.keyId(), "inv-1", 5_000)).as("booked, and seen again").isFalse();
        assertThat(budgets.wallet(KEY).balanceMsat()).isEqualTo(5_000);
    }

    @Test
    void shouldReserveWhatAModelsAnswersNeedNotAWorstCase() {
        OutputAllowance outputs = new OutputAllowance(512, model -> model.equals("small") ? 300 : 100_000);
        assertThat(outputs.tokens("m", null)).as("no history: the default").isEqualTo(512);
        assertThat(outputs.tokens("small", null)).as("capped by the model's maximum").isEqualTo(300);
        assertThat(outputs.tokens("m", 9_000)).as("the request's own max_tokens").isEqualTo(9_000);
        assertThat(outputs.tokens("small", 9_000)).isEqualTo(300);
        for (int i = 1; i <= 100; i++) {
            outputs.observe("m", i * 10);
        }
        assertThat(outputs.tokens("m", null)).as("the 95th percentile of 10..1000").isEqualTo(950);
    }

    @Test
    void shouldCountSettledDebitsUntilTheLedgerViewIncludesThemAndOnlyOnce() {
        budgets.admit(KEY, 10).settle(completed(300));
        assertThat(budgets.remaining(KEY).nanos()).isEqualTo(700);

        budgets.onView(view(300, 1, 1, 0, 0));
        assertThat(budgets.remaining(KEY).nanos()).isEqualTo(700);

        Budgets.Reservation r = budgets.admit(KEY, 10);
        r.settle(completed(100));
        r.settle(completed(100));
        assertThat(budgets.remaining(KEY).nanos()).isEqualTo(600);
    }

    @Test
    void shouldHonourAKeysOwnFreeTierOverTheDefault() {
        ApiKey noFreeTier = new ApiKey(KEY.keyId(), "h", "pura_01234567", "t", 1_000, false, 0L);
        assertThatThrownBy(() -> budgets.admit(noFreeTier, 10)).isInstanceOfSatisfying(PaymentRequiredException.class,
                e -> assertThat(e.code()).isEqualTo("free_tier_exceeded"));
        budgets.admit(KEY, 10).release();
    }

    @Test
    void shouldRefuseFreeRequestsPastTheGatewaysDailyFreeTierCeiling() {
        Budgets ceiling = new Budgets(Clock.fixed(NOW, ZoneOffset.UTC), 1_000, SatsRate.parseSatsPerUsd("1000000"), 500);
        ApiKey other = new ApiKey("key_fedcba9876543210", "h2", "pura_76543210", "t", 1_000, false);
        Budgets.Reservation first = ceiling.admit(KEY, 300);
        assertThatThrownBy(() -> ceiling.admit(other, 300)).as("300 held + 300 asked > 500")
                .isInstanceOfSatisfying(PaymentRequiredException.class, e -> {
                    assertThat(e.code()).isEqualTo("free_tier_exceeded");
                    assertThat(e.gatewayCeiling()).isTrue();
                });
        first.settle(completed(100));
        ceiling.admit(other, 300).settle(completed(400));
        assertThat(ceiling.reservedNanoUsd(other.keyId())).isZero();
        assertThatThrownBy(() -> ceiling.admit(KEY, 1)).as("100 + 400 spent of 500")
                .isInstanceOf(PaymentRequiredException.class);
    }

    @Test
    void shouldRequireABalanceAfterTheFreeRequests() {
        budgets.admit(KEY, 10).settle(completed(10));
        budgets.admit(KEY, 10).settle(completed(10));

        assertThatThrownBy(() -> budgets.admit(KEY, 10)).isInstanceOfSatisfying(PaymentRequiredException.class,
                e -> assertThat(e.code()).isEqualTo("free_tier_exceeded"));
        budgets.onView(view(20, 2, 2, 5_000, 5_000));
        assertThat(budgets.admit(KEY, 10)).isNotNull();
        budgets.onView(view(20, 2, 3, 5, 5_000));
        assertThatThrownBy(() -> budgets.admit(KEY, 10)).isInstanceOfSatisfying(PaymentRequiredException.class,
                e -> assertThat(e.code()).isEqualTo("insufficient_balance"));
    }
}
