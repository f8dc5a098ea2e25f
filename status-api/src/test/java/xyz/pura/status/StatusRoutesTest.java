package xyz.pura.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import xyz.pura.status.StatusReport.Chain;
import xyz.pura.status.StatusReport.Gateway;

class StatusRoutesTest {
    private final StatusReport report = new StatusReport("operational", Instant.parse("2026-11-25T10:00:00Z"),
            List.of(), List.of(), new Gateway(true, true, 0, "RUNNING", 0L, true, new Chain(false, null, false, null)));
    private final TestServer server = new TestServer(routes -> StatusRoutes.register(routes, () -> report));

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void shouldServeTheReportAsCacheableJson() throws Exception {
        HttpResponse<String> res = server.get("/api/status");

        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(res.headers().firstValue("Cache-Control")).hasValue("max-age=10");
        assertThat(res.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        assertThat(res.body()).startsWith("{\"status\":\"operational\",\"checkedAt\":\"2026-11-25T10:00:00Z\"");
    }

    @Test
    void shouldServeASelfContainedStatusPage() throws Exception {
        HttpResponse<String> res = server.get("/status");

        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(res.headers().firstValue("Content-Type").orElseThrow().replace(" ", "")).isEqualTo("text/html;charset=utf-8");
        assertThat(res.body()).contains("fetch(\"/api/status\"").doesNotContain("src=\"http", "href=\"http");
    }
}
