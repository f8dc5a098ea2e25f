package xyz.pura.status;

import xyz.pura.testing.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import xyz.pura.events.Json;
import xyz.pura.events.ProviderId;
import xyz.pura.status.StatusInputs.ChainInputs;
import xyz.pura.status.StatusInputs.GatewayInputs;
import xyz.pura.status.StatusReport.ProviderStatus;

class StatusServiceTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T10:00:00Z"));
    private final FakeInputs inputs = new FakeInputs();
    private final DayWindow day = new DayWindow(clock);
    private final StatusService service = new StatusService(inputs, day, StatusThresholds.defaults(), clock);

    @Test
    void shouldReportUnconfiguredProviderAsUnconfiguredAndUnavailable() {
        inputs.configured.remove(ProviderId.GEMINI);

        ProviderStatus gemini = provider(service.report(), ProviderId.GEMINI);

        assertThat(gemini.status()).isEqualTo("unconfigured");
        assertThat(gemini.available()).isFalse();
    }

    @Test
    void shouldReportIdleWithoutRequestsInTheLastFiveMinutes() {
        day.record(ProviderId.GROQ, true, 100);
        clock.advance(Duration.ofMinutes(6));

        StatusReport report = service.report();

        assertThat(provider(report, ProviderId.GROQ).status()).isEqualTo("idle");
        assertThat(report.status()).isEqualTo("operational");
        assertThat(report.reasons()).isEmpty();
    }

    @Test
    void shouldReportActiveWithRequestsInTheLastFiveMinutes() {
        day.record(ProviderId.GROQ, true, 100);

        assertThat(provider(service.report(), ProviderId.GROQ).status()).isEqualTo("active");
    }

    @Test
    void shouldReportDegradedWhenCircuitIsOpen() {
        inputs.circuits.put(ProviderId.OPENAI, CircuitState.OPEN);

        StatusReport report = service.report();

        ProviderStatus openai = provider(report, ProviderId.OPENAI);
        assertThat(openai.status()).isEqualTo("degraded");
        assertThat(openai.available()).isFalse();
        assertThat(report.status()).isEqualTo("degraded");
        assertThat(report.reasons()).containsExactly("openai: circuit open");
    }

    @Test
    void shouldReportDegradedWhenSuccessRateOverFiveMinutesIsBelowThreshold() {
        inputs.scores.put(ProviderId.ANTHROPIC, FakeInputs.score(ProviderId.ANTHROPIC, clock.instant(), 10, 2));

        StatusReport report = service.report();

        ProviderStatus anthropic = provider(report, ProviderId.ANTHROPIC);
        assertThat(anthropic.status()).isEqualTo("degraded");
        assertThat(anthropic.available()).isTrue();
        assertThat(anthropic.reason()).isEqualTo("success rate 80 % over 5 m (10 requests)");
        assertThat(report.status()).isEqualTo("degraded");
    }

    @Test
    void shouldNotJudgeSuccessRateWithTooFewRequests() {
        inputs.scores.put(ProviderId.ANTHROPIC, FakeInputs.score(ProviderId.ANTHROPIC, clock.instant(), 4, 4));

        assertThat(provider(service.report(), ProviderId.ANTHROPIC).status()).isEqualTo("active");
    }

    @Test
    void shouldJudgeLocalFiguresWhenTheQualityScoreIsStale() {
        inputs.scores.put(ProviderId.GROQ, FakeInputs.score(ProviderId.GROQ, clock.instant(), 100, 0));
        clock.advance(Duration.ofMinutes(3));
        for (int i = 0; i < 5; i++) {
            day.record(ProviderId.GROQ, false, 30);
        }

        ProviderStatus groq = provider(service.report(), ProviderId.GROQ);

        assertThat(groq.windows().source()).isEqualTo("local");
        assertThat(groq.windows().m5().failures()).isEqualTo(5);
        assertThat(groq.status()).isEqualTo("degraded");
    }

    @Test
    void shouldUseAFreshQualityScoreForShortWindowsAndLocalFiguresFor24Hours() {
        inputs.scores.put(ProviderId.GROQ, FakeInputs.score(ProviderId.GROQ, clock.instant(), 20, 0));
        day.record(ProviderId.GROQ, true, 30);

        ProviderStatus groq = provider(service.report(), ProviderId.GROQ);

        assertThat(groq.windows().source()).isEqualTo("pura.quality");
        assertThat(groq.windows().m5().requests()).isEqualTo(20);
        assertThat(groq.windows().h24().requests()).isEqualTo(1);
        assertThat(groq.latencyLastHour()).hasSize(60);
    }

    @Test
    void shouldBeOutageWhenNoConfiguredProviderIsAvailable() {
        inputs.configured.retainAll(EnumSet.of(ProviderId.GROQ));
        inputs.circuits.put(ProviderId.GROQ, CircuitState.OPEN);

        StatusReport report = service.report();

        assertThat(report.status()).isEqualTo("outage");
        assertThat(report.reasons()).contains("no configured provider is available");
    }

    @Test
    void shouldBeOutageWhenNoProviderIsConfigured() {
        inputs.configured.clear();

        assertThat(service.report().status()).isEqualTo("outage");
    }

    @Test
    void shouldBeOperationalWithHalfOpenCircuitAndUnconfiguredProviders() {
        inputs.configured.remove(ProviderId.GEMINI);
        inputs.circuits.put(ProviderId.GROQ, CircuitState.HALF_OPEN);

        StatusReport report = service.report();

        assertThat(report.status()).isEqualTo("operational");
        assertThat(report.gateway().healthy()).isTrue();
    }

    @Test
    void shouldBeDegradedWhenKafkaIsUnreachable() {
        inputs.gateway = gateway(false, 0, "RUNNING", 0L, true, ChainInputs.none());

        assertDegradedBecause("Kafka is unreachable");
    }

    @Test
    void shouldBeDegradedWhenProducerBacklogIsHigh() {
        inputs.gateway = gateway(true, 1_000, "RUNNING", 0L, true, ChainInputs.none());

        assertDegradedBecause("producer backlog is 1000 events (limit 1000)");
    }

    @Test
    void shouldBeDegradedWhenStreamsIsNotRunning() {
        inputs.gateway = gateway(true, 0, "REBALANCING", 0L, true, ChainInputs.none());

        assertDegradedBecause("ledger Streams is REBALANCING, not RUNNING");
    }

    @Test
    void shouldNotJudgeStreamsOrLagWhereTheyAreUnknown() {
        inputs.gateway = gateway(true, 0, null, null, true, ChainInputs.none());

        assertThat(service.report().status()).isEqualTo("operational");
    }

    @Test
    void shouldBeDegradedWhenConsumerLagIsHigh() {
        inputs.gateway = gateway(true, 0, "RUNNING", 10_001L, true, ChainInputs.none());

        assertDegradedBecause("ledger consumer lag is 10001 records (limit 10000)");
    }

    @Test
    void shouldBeDegradedWhileTablesAreLoading() {
        inputs.gateway = gateway(true, 0, "RUNNING", 0L, false, ChainInputs.none());

        assertDegradedBecause("tables are still loading from Kafka");
    }

    @Test
    void shouldBeDegradedWhenChainWeightsAreStale() {
        Instant lastRead = clock.instant().minus(Duration.ofMinutes(16));
        inputs.gateway = gateway(true, 0, "RUNNING", 0L, true, new ChainInputs(true, 42L, lastRead));

        StatusReport report = assertDegradedBecause("chain weights are stale (last read 2026-11-25T09:44:00Z)");
        assertThat(report.gateway().chain().stale()).isTrue();
        assertThat(report.gateway().chain().lastBlock()).isEqualTo(42L);
    }

    @Test
    void shouldBeDegradedWhenConfiguredChainWasNeverRead() {
        inputs.gateway = gateway(true, 0, "RUNNING", 0L, true, new ChainInputs(true, null, null));

        assertDegradedBecause("chain weights were never read");
    }

    @Test
    void shouldKeepFreshChainWeightsHealthy() {
        Instant lastRead = clock.instant().minus(Duration.ofMinutes(14));
        inputs.gateway = gateway(true, 0, "RUNNING", 0L, true, new ChainInputs(true, 42L, lastRead));

        StatusReport report = service.report();

        assertThat(report.status()).isEqualTo("operational");
        assertThat(report.gateway().chain().stale()).isFalse();
    }

    @Test
    void shouldSerialiseWindowsUnderTheirDurationsAndCircuitsByWireName() throws Exception {
        inputs.circuits.put(ProviderId.GROQ, CircuitState.HALF_OPEN);
        day.record(ProviderId.GROQ, true, 120);

        JsonNode json = Json.mapper().readTree(Json.bytes(service.report()));

        JsonNode groq = json.get("providers").get(2);
        assertThat(groq.get("name").asText()).isEqualTo("groq");
        assertThat(groq.get("circuit").asText()).isEqualTo("half_open");
        assertThat(groq.get("windows").fieldNames()).toIterable()
                .containsExactly("source", "1m", "5m", "1h", "24h");
        assertThat(groq.get("windows").get("24h").get("p95LatencyMs").asLong()).isEqualTo(120);
        assertThat(json.get("checkedAt").asText()).isEqualTo("2026-11-25T10:00:00Z");
    }

    private StatusReport assertDegradedBecause(String reason) {
        StatusReport report = service.report();
        assertThat(report.status()).isEqualTo("degraded");
        assertThat(report.reasons()).containsExactly(reason);
        assertThat(report.gateway().healthy()).isFalse();
        return report;
    }

    private static GatewayInputs gateway(boolean kafka, long backlog, String streams, Long lag, boolean tables,
                                         ChainInputs chain) {
        return new GatewayInputs(kafka, backlog, streams, lag, tables, chain);
    }

    private static ProviderStatus provider(StatusReport report, ProviderId id) {
        return report.providers().stream().filter(p -> p.name().equals(id.wireName())).findFirst().orElseThrow();
    }
}
