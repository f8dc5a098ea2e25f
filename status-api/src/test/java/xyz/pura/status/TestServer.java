package xyz.pura.status;

import io.javalin.Javalin;
import io.javalin.config.RoutesConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.function.Consumer;

/** A Javalin server on a free loopback port with the given routes, and a plain HTTP client for it. */
final class TestServer implements AutoCloseable {
    private final Javalin app;
    private final HttpClient http = HttpClient.newHttpClient();

    TestServer(Consumer<RoutesConfig> routes) {
        this.app = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            routes.accept(cfg.routes);
        }).start("127.0.0.1", 0);
    }

    String url(String path) {
        return "http://127.0.0.1:" + app.port() + path;
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url(path))).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() {
        app.stop();
        http.close();
    }
}
