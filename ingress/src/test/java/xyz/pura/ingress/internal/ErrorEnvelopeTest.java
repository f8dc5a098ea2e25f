package xyz.pura.ingress.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A handler that fails with an {@link Error} (not an {@link Exception}, which {@link ErrorMapper} maps) must still
 * answer in OpenAI's envelope, without a stack trace: the error handling IngressServer installs
 * ({@link ErrorMapper#install}), on a bare server.
 */
class ErrorEnvelopeTest {
    private Javalin app;

    @AfterEach
    void stop() {
        if (app != null) {
            app.stop();
        }
    }

    @Test
    void shouldAnswerAnErrorThrownInAHandlerWithA500Envelope() throws Exception {
        app = Javalin.create(cfg -> {
            cfg.concurrency.useVirtualThreads = true;
            cfg.startup.showJavalinBanner = false;
            ErrorMapper.install(cfg);
            cfg.routes.get("/boom", ctx -> {
                throw new AssertionError("secret detail at xyz.pura.Internal");
            });
        }).start("127.0.0.1", 0);

        HttpResponse<String> r = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/boom")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        assertThat(r.body()).contains("\"error\"").contains("\"code\":\"internal_error\"")
                .doesNotContain("secret detail").doesNotContain("AssertionError").doesNotContain("<html");
    }
}
