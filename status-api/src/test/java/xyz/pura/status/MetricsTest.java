package xyz.pura.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import xyz.pura.status.PrometheusText.Sample;

class MetricsTest {
    private final Metrics metrics = new Metrics();

    @AfterEach
    void close() {
        metrics.close();
    }

    @Test
    void shouldScrapeValidPrometheusTextWithJvmMeters() {
        metrics.onCompleted("groq", "llama-3.1-8b-instant", "fast", "ok", 120, 40L, 412_500);

        List<Sample> samples = PrometheusText.parse(metrics.scrape());

        assertThat(samples).extracting(Sample::name)
                .contains("jvm_memory_used_bytes", "jvm_threads_live_threads", "process_uptime_seconds");
    }

    @Test
    void shouldCountOneRequestPerCompletion() {
        for (int i = 0; i < 7; i++) {
            metrics.onCompleted("groq", "llama-3.1-8b-instant", "fast", "ok", 100 + i, 30L, 1_000);
        }
        for (int i = 0; i < 3; i++) {
            metrics.onCompleted("openai", "gpt-4o-mini", "balanced", "upstream_error", 900, null, 0);
        }

        List<Sample> samples = PrometheusText.parse(metrics.scrape());

        assertThat(sum(samples, "pura_requests_total", Map.of())).isEqualTo(10);
        assertThat(sum(samples, "pura_requests_total", Map.of("provider", "groq", "model", "llama-3.1-8b-instant",
                "tier", "fast", "status", "ok"))).isEqualTo(7);
        assertThat(sum(samples, "pura_requests_total", Map.of("status", "upstream_error"))).isEqualTo(3);
    }

    @Test
    void shouldExportLatencyAndTimeToFirstByteHistograms() {
        metrics.onCompleted("groq", "m", "fast", "ok", 250, 40L, 0);
        metrics.onCompleted("groq", "m", "fast", "ok", 350, null, 0);

        List<Sample> samples = PrometheusText.parse(metrics.scrape());

        assertThat(sum(samples, "pura_request_latency_seconds_count", Map.of("provider", "groq"))).isEqualTo(2);
        assertThat(sum(samples, "pura_request_latency_seconds_sum", Map.of())).isCloseTo(0.6, within(1e-9));
        assertThat(sum(samples, "pura_request_ttfb_seconds_count", Map.of())).isEqualTo(1);
        assertThat(samples).anyMatch(s -> s.name().equals("pura_request_latency_seconds_bucket")
                && "+Inf".equals(s.labels().get("le")) && s.value() == 2);
    }

    @Test
    void shouldExportCostInUsdFromExactNanos() {
        metrics.onCompleted("openai", "gpt-4o", "smart", "ok", 1, null, 412_500);
        metrics.onCompleted("openai", "gpt-4o", "smart", "ok", 1, null, 1_000_000_000);

        List<Sample> samples = PrometheusText.parse(metrics.scrape());

        assertThat(sum(samples, "pura_cost_usd_total", Map.of("model", "gpt-4o"))).isEqualTo(1.0004125);
    }

    @Test
    void shouldRejectANegativeCost() {
        assertThatThrownBy(() -> metrics.onCompleted("openai", "m", "t", "ok", 1, null, -1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldCountBudgetRejectionsByCode() {
        metrics.onRejected("budget_exceeded");
        metrics.onRejected("budget_exceeded");
        metrics.onRejected("payment_required");

        List<Sample> samples = PrometheusText.parse(metrics.scrape());

        assertThat(sum(samples, "pura_budget_rejections_total", Map.of("code", "budget_exceeded"))).isEqualTo(2);
        assertThat(sum(samples, "pura_budget_rejections_total", Map.of("code", "payment_required"))).isEqualTo(1);
    }

    @Test
    void shouldReadProducerAndStreamsMetersFromSuppliersAtScrapeTime() {
        AtomicLong errors = new AtomicLong();
        AtomicLong backlog = new AtomicLong();
        metrics.registerProducer(errors::get, backlog::get);
        metrics.registerStreamsLag(() -> 17);
        errors.set(3);
        backlog.set(250);

        List<Sample> samples = PrometheusText.parse(metrics.scrape());

        assertThat(sum(samples, "pura_kafka_producer_errors_total", Map.of())).isEqualTo(3);
        assertThat(sum(samples, "pura_kafka_producer_backlog", Map.of())).isEqualTo(250);
        assertThat(sum(samples, "pura_streams_lag", Map.of())).isEqualTo(17);
    }

    @Test
    void shouldTagMissingValuesAsNone() {
        metrics.onCompleted(null, null, null, "rejected", 0, null, 0);

        List<Sample> samples = PrometheusText.parse(metrics.scrape());

        assertThat(sum(samples, "pura_requests_total", Map.of("provider", "none", "status", "rejected"))).isEqualTo(1);
    }

    @Test
    void shouldRejectMalformedText() {
        assertThatThrownBy(() -> PrometheusText.parse("# TYPE a counter\na{b=c} 1\n"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PrometheusText.parse("b_total 1\n")).isInstanceOf(IllegalArgumentException.class);
    }

    /** The sum of the samples named {@code name} whose labels include {@code labels}. */
    private static double sum(List<Sample> samples, String name, Map<String, String> labels) {
        return samples.stream()
                .filter(s -> s.name().equals(name) && s.labels().entrySet().containsAll(labels.entrySet()))
                .mapToDouble(Sample::value).sum();
    }

    /** The model label is the caller's string and /metrics is public: a flood of invented names must not add series forever. */
    @Test
    void shouldBoundTheModelLabelsAndCountTheRestAsOther() {
        for (int i = 0; i < Metrics.MAX_MODEL_LABELS + 500; i++) {
            metrics.onCompleted("openai", "gpt-4o-invented-" + i, "mid", "ok", 10, null, 1);
        }

        List<Sample> requests = PrometheusText.parse(metrics.scrape()).stream()
                .filter(s -> s.name().equals("pura_requests_total")).toList();

        assertThat(requests).hasSize(Metrics.MAX_MODEL_LABELS + 1);
        Sample other = requests.stream().filter(s -> Metrics.OTHER.equals(s.labels().get("model"))).findFirst().orElseThrow();
        assertThat(other.value()).isEqualTo(500.0);
    }
}
