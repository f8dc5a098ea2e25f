package xyz.pura.events;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The one billing policy that admission and the ledger share. */
class BillingPolicyTest {
    private static final SatsRate RATE = new SatsRate(2_000_000_000L); // 2,000 sats per USD

    @Test
    void shouldDebitAnOkAnswerAlwaysACancelWithTokensAndAnythingElseOnlyWithACost() {
        assertThat(BillingPolicy.debited("ok", 0, 0)).isTrue();
        assertThat(BillingPolicy.debited("client_cancelled", 3, 0)).isTrue();
        assertThat(BillingPolicy.debited("client_cancelled", 0, 0)).isFalse();
        assertThat(BillingPolicy.debited("upstream_error", 0, 0)).isFalse();
        assertThat(BillingPolicy.debited("upstream_error", 0, 12)).isTrue(); // timed-out inputs
        assertThat(BillingPolicy.debited("rejected", 0, 0)).isFalse();
        // a newer writer's status is debited by its cost, never dropped nor fatal
        assertThat(BillingPolicy.debited("some_future_status", 0, 5)).isTrue();
    }

    @Test
    void shouldLeaveTheFirstFreeRequestsUnchargedAndChargeTheNextOneItsCostInMsat() {
        assertThat(BillingPolicy.free(3, 3)).isTrue();
        assertThat(BillingPolicy.free(4, 3)).isFalse();
        assertThat(BillingPolicy.debitMsat(3, 3, 1_000_000, RATE)).isZero();
        assertThat(BillingPolicy.debitMsat(4, 3, 1_000_000, RATE)).isEqualTo(RATE.msatFor(1_000_000)).isPositive();
        assertThat(BillingPolicy.debitMsat(1, 0, 1_000_000, RATE)).isEqualTo(RATE.msatFor(1_000_000));
    }

    @Test
    void shouldNameEveryStatusAndOutcomeAsTheTopicsDo() {
        assertThat(CompletionStatus.ofWire("client_cancelled")).isEqualTo(CompletionStatus.CLIENT_CANCELLED);
        assertThat(CompletionStatus.REJECTED.wireName()).isEqualTo("rejected");
        assertThat(CompletionStatus.ofWire("nope")).isNull();
        assertThat(AttemptOutcome.ofWire("circuit_open")).isEqualTo(AttemptOutcome.CIRCUIT_OPEN);
        assertThat(AttemptOutcome.CIRCUIT_OPEN.called()).isFalse();
        assertThat(AttemptOutcome.TIMEOUT.providerFault()).isTrue();
        assertThat(AttemptOutcome.BAD_REQUEST.providerFault()).isFalse();
        assertThat(new RequestCompleted.Attempt("openai", "gpt-4o", "a_future_outcome", null, 1).called()).isTrue();
    }
}
