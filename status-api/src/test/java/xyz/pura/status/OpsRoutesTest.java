package xyz.pura.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OpsRoutesTest {
    private final Metrics metrics = new Metrics();
    private final AtomicReference<Readiness> readiness = new AtomicReference<>(new Readiness(true, true));
    private final TestServer server = new TestServer(routes -> OpsRoutes.register(routes, metrics, readiness::get));

    @AfterEach
    void stop() {
        server.close();
        metrics.close();
    }

    @Test
    void shouldAnswerHealthzWhileAlive() throws Exception {
        HttpResponse<String> res = server.get("/healthz");

        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(res.body()).isEqualTo("{\"status\":\"alive\"}");
    }

    @Test
    void shouldBeReadyWhenBrokerIsReachableAndTablesAreLoaded() throws Exception {
        HttpResponse<String> res = server.get("/readyz");

        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(res.body()).isEqualTo("{\"ready\":true,\"notReady\":[]}");
    }

    @Test
    void shouldAnswer503SayingWhatIsNotReady() throws Exception {
        readiness.set(new Readiness(false, false));

        HttpResponse<String> res = server.get("/readyz");

        assertThat(res.statusCode()).isEqualTo(503);
        assertThat(res.body())
                .isEqualTo("{\"ready\":false,\"notReady\":[\"kafka broker unreachable\",\"tables not loaded\"]}");
    }

    @Test
    void shouldAnswer503NamingAFeedThatIsDown() throws Exception {
        readiness.set(new Readiness(true, true, java.util.List.of("pura.keys")));

        HttpResponse<String> res = server.get("/readyz");

        assertThat(res.statusCode()).isEqualTo(503);
        assertThat(res.body()).isEqualTo("{\"ready\":false,\"notReady\":[\"feed of pura.keys down (restarting)\"]}");
    }

    @Test
    void shouldServeMetricsAsPrometheusText004WithTheRequestCount() throws Exception {
        for (int i = 0; i < 5; i++) {
            metrics.onCompleted("gemini", "gemini-2.0-flash", "fast", "ok", 80, 20L, 10);
        }

        HttpResponse<String> res = server.get("/metrics");

        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(res.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
        assertThat(PrometheusText.parse(res.body()))
                .filteredOn(s -> s.name().equals("pura_requests_total"))
                .singleElement().satisfies(s -> assertThat(s.value()).isEqualTo(5));
    }
}
