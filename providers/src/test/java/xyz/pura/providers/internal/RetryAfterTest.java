package xyz.pura.providers.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RetryAfterTest {
    /** 1994-11-06T08:49:37Z, RFC 9110's example date. */
    private static final Instant EXAMPLE = Instant.parse("1994-11-06T08:49:37Z");

    private static UnaryOperator<String> headers(String... namesAndValues) {
        Map<String, String> map = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (int i = 0; i < namesAndValues.length; i += 2) {
            map.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return map::get;
    }

    @Test
    void shouldReadDeltaSeconds() {
        assertThat(RetryAfter.retryAfter("7", EXAMPLE)).isEqualTo(Duration.ofSeconds(7));
        assertThat(RetryAfter.retryAfter(" 0 ", EXAMPLE)).isEqualTo(Duration.ZERO);
        assertThat(RetryAfter.retryAfter("1.5", EXAMPLE)).isEqualTo(Duration.ofMillis(1500));
    }

    @Test
    void shouldReadEachFormOfHttpDate() {
        Instant before = EXAMPLE.minusSeconds(90);

        assertThat(RetryAfter.retryAfter("Sun, 06 Nov 1994 08:49:37 GMT", before)).isEqualTo(Duration.ofSeconds(90));
        assertThat(RetryAfter.retryAfter("Sunday, 06-Nov-94 08:49:37 GMT", before)).isEqualTo(Duration.ofSeconds(90));
        assertThat(RetryAfter.retryAfter("Sun Nov  6 08:49:37 1994", before)).isEqualTo(Duration.ofSeconds(90));
    }

    @Test
    void shouldReadATwoDigitYearWithinTheNextFiftyYearsAsThisCentury() {
        Instant now = Instant.parse("2030-01-01T00:00:00Z");

        assertThat(RetryAfter.retryAfter("Tuesday, 01-Jan-30 00:01:00 GMT", now)).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void shouldTreatADateInThePastAsNoWait() {
        assertThat(RetryAfter.retryAfter("Sun, 06 Nov 1994 08:49:37 GMT", EXAMPLE.plusSeconds(3600))).isEqualTo(Duration.ZERO);
    }

    @Test
    void shouldBoundHugeWaitsToTenMinutes() {
        assertThat(RetryAfter.retryAfter("86400", EXAMPLE)).isEqualTo(RetryAfter.MAX);
        assertThat(RetryAfter.retryAfter("9".repeat(400), EXAMPLE)).isEqualTo(RetryAfter.MAX);
        assertThat(RetryAfter.retryAfter("Fri, 31 Dec 9999 23:59:59 GMT", EXAMPLE)).isEqualTo(RetryAfter.MAX);
        assertThat(RetryAfter.millis("99999999999999999999999")).isEqualTo(RetryAfter.MAX);
        assertThat(RetryAfter.goDuration("2562047h")).isEqualTo(RetryAfter.MAX);
        assertThat(RetryAfter.MAX).isEqualTo(Duration.ofMinutes(10));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "-1", "-0.5", "+3", "1e3", "0x10", "NaN", "soon", "7 seconds", "Sun, 32 Nov 1994 08:49:37 GMT",
            "Mon, 06 Nov 1994 08:49:37 GMT", "1994-11-06T08:49:37Z", "\u0000"})
    void shouldIgnoreGarbageAndNegativeRetryAfter(String value) {
        assertThat(RetryAfter.retryAfter(value, EXAMPLE)).isNull();
        assertThat(RetryAfter.millis(value)).isNull();
    }

    @Test
    void shouldReadRetryAfterMs() {
        assertThat(RetryAfter.millis("250")).isEqualTo(Duration.ofMillis(250));
        assertThat(RetryAfter.millis("1.5")).isEqualTo(Duration.ofNanos(1_500_000));
        assertThat(RetryAfter.millis("0")).isEqualTo(Duration.ZERO);
        assertThat(RetryAfter.millis(null)).isNull();
    }

    @Test
    void shouldReadGoStyleResetDurations() {
        assertThat(RetryAfter.goDuration("1m30s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(RetryAfter.goDuration("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(RetryAfter.goDuration("6m0s")).isEqualTo(Duration.ofMinutes(6));
        assertThat(RetryAfter.goDuration("2m59.56s")).isEqualTo(Duration.ofMillis(179_560));
        assertThat(RetryAfter.goDuration("7.66s")).isEqualTo(Duration.ofMillis(7_660));
        assertThat(RetryAfter.goDuration("1h")).isEqualTo(RetryAfter.MAX);
        assertThat(RetryAfter.goDuration("1s500ms")).isEqualTo(Duration.ofMillis(1500));
        assertThat(RetryAfter.goDuration("12us")).isEqualTo(Duration.ofNanos(12_000));
        assertThat(RetryAfter.goDuration("0s")).isEqualTo(Duration.ZERO);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1", "-1s", "1x", "s", "1m 30s", "1.2.3s", "ms", "1d"})
    void shouldIgnoreGarbageResetDurations(String value) {
        assertThat(RetryAfter.goDuration(value)).isNull();
    }

    @Test
    void shouldPreferRetryAfterMsThenRetryAfterThenTheResets() {
        UnaryOperator<String> all = headers("retry-after-ms", "1200", "Retry-After", "2", "x-ratelimit-reset-requests", "6m0s");

        assertThat(RetryAfter.of(all, true, EXAMPLE)).isEqualTo(Duration.ofMillis(1200));
        assertThat(RetryAfter.of(headers("retry-after-ms", "soon", "retry-after", "2"), true, EXAMPLE)).isEqualTo(Duration.ofSeconds(2));
        assertThat(RetryAfter.of(headers("Retry-After", "0", "x-ratelimit-reset-tokens", "6m0s"), true, EXAMPLE)).isEqualTo(Duration.ZERO);
        assertThat(RetryAfter.of(headers("x-ratelimit-reset-tokens", "250ms"), true, EXAMPLE)).isEqualTo(Duration.ofMillis(250));
        assertThat(RetryAfter.of(headers(), true, EXAMPLE)).isNull();
    }

    @Test
    void shouldReadTheResetsOnlyWhenAskedTo() {
        assertThat(RetryAfter.of(headers("x-ratelimit-reset-requests", "1m30s"), false, EXAMPLE)).isNull();
        assertThat(RetryAfter.of(headers("x-ratelimit-reset-requests", "1m30s"), true, EXAMPLE)).isEqualTo(Duration.ofSeconds(90));
    }

    @Test
    void shouldWaitForTheExhaustedLimitOrElseTheLaterReset() {
        UnaryOperator<String> requestsOut = headers("x-ratelimit-remaining-requests", "0", "x-ratelimit-reset-requests", "1.66s",
                "x-ratelimit-remaining-tokens", "5000", "x-ratelimit-reset-tokens", "7.66s");
        UnaryOperator<String> tokensOut = headers("x-ratelimit-remaining-requests", "12", "x-ratelimit-reset-requests", "1.66s",
                "x-ratelimit-remaining-tokens", "0", "x-ratelimit-reset-tokens", "7.66s");
        UnaryOperator<String> unknown = headers("x-ratelimit-reset-requests", "1.66s", "x-ratelimit-reset-tokens", "7.66s");
        UnaryOperator<String> exhaustedGarbage = headers("x-ratelimit-remaining-requests", "0", "x-ratelimit-reset-requests", "later",
                "x-ratelimit-reset-tokens", "7.66s");

        assertThat(RetryAfter.of(requestsOut, true, EXAMPLE)).isEqualTo(Duration.ofMillis(1660));
        assertThat(RetryAfter.of(tokensOut, true, EXAMPLE)).isEqualTo(Duration.ofMillis(7660));
        assertThat(RetryAfter.of(unknown, true, EXAMPLE)).isEqualTo(Duration.ofMillis(7660));
        assertThat(RetryAfter.of(exhaustedGarbage, true, EXAMPLE)).isEqualTo(Duration.ofMillis(7660));
    }
}
