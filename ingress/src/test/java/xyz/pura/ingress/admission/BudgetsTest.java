package xyz.pura.ingress.admission;

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
import xyz.pura.ingress.ApiException;
import xyz.pura.ingress.keys.ApiKey;

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
    void shouldCountReservationsInFlightAgainstTheCap() {
        Budgets.Reservation first = budgets.admit(KEY, 600);
        Budgets.Reservation second = budgets.admit(KEY, 600);

        assertThatThrownBy(() -> budgets.admit(KEY, 1)).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.code()).isEqualTo("budget_exhausted"));
        first.release();
        second.release();
        assertThat(budgets.reservedNanoUsd(KEY.keyId())).isZero();
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
