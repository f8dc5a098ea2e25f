package xyz.pura.app;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import xyz.pura.events.Json;

/**
 * {@code Main train}: the training run of the JVM's ahead-of-time cache ({@code ./pura build} runs it under
 * {@code -XX:AOTCacheOutput}, and {@code ./pura up} starts with the cache). It starts the whole gateway on its own
 * (simulator, embedded broker and ledger in a temporary data directory, a free port, no provider key even when
 * some are set) and sends it, from a few virtual threads, the mix a gateway serves: chat completions JSON and
 * streamed on every provider's models, the Responses, Messages and embeddings doors, and reports. When it ends, the
 * JVM writes the classes it loaded and linked and the methods' profiles into the cache, so the next start begins
 * with them instead of learning them again under traffic.
 */
final class Train {
    private static final String[] MODELS = {"auto", "gpt-4o-mini", "gpt-4o", "claude-sonnet-4-20250514",
        "llama-3.3-70b-versatile", "gemini-2.0-flash"};

    private Train() {
    }

    static int run(Duration length) throws IOException, InterruptedException {
        long served = warm(length);
        System.out.println("training run: " + served + " answers in " + length.toSeconds() + " s");
        return served > 0 ? 0 : 1;
    }

    /**
     * Serves the training mix for {@code length} on a gateway of its own (its own embedded broker and data, removed
     * afterwards) and returns how many answers it got: run in the JVM that will serve, before it starts, it leaves the
     * hot code compiled (PURA_WARMUP_SECONDS).
     */
    static long warm(Duration length) throws IOException, InterruptedException {
        Path data = Files.createTempDirectory("pura-train");
        Map<String, String> env = new HashMap<>();
        env.put("PURA_DATA_DIR", data.toString());
        env.put("PURA_PORT", "0");
        env.put("PURA_SIM_LATENCY_MS", "0");
        env.put("PURA_SIM_TOKEN_DELAY_MS", "0");
        env.put("PURA_FREE_REQUESTS", "1000000000");
        env.put("PURA_FREE_TIER_DAILY_USD", "0");
        env.put("PURA_FREE_TIER_KEYS_PER_ADDRESS", "-1");
        env.put("PURA_KEYS_PER_MINUTE_PER_ADDRESS", "0");
        env.put("PURA_DAILY_BUDGET_USD", "1000000");
        env.put("PURA_ROLES", "ingress,ledger");
        long served;
        try (PuraApp app = PuraApp.start(PuraConfig.fromEnv(env))) {
            served = drive(app.baseUrl(), length);
        } finally {
            deleteTree(data);
        }
        return served;
    }

    private static long drive(String base, Duration length) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(base + "/api/keys"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"label\":\"training\",\"dailyBudgetUsd\":\"1000000\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        String key = Json.mapper().readTree(created.body()).path("key").asText();
        long until = System.nanoTime() + length.toNanos();
        AtomicLong ok = new AtomicLong();
        List<Thread> clients = new ArrayList<>();
        for (int c = 0; c < 8; c++) {
            int client = c;
            clients.add(Thread.ofVirtual().start(() -> {
                for (int n = client; System.nanoTime() < until; n++) {
                    try {
                        HttpResponse<String> r = http.send(request(base, key, n), HttpResponse.BodyHandlers.ofString());
                        if (r.statusCode() == 200) {
                            ok.incrementAndGet();
                        }
                    } catch (IOException e) {
                        // a training request that failed teaches the error path; go on
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }));
        }
        for (Thread t : clients) {
            t.join();
        }
        return ok.get();
    }

    /** The n-th request of the mix: mostly non-streamed chat, then streams and the other doors. */
    static HttpRequest request(String base, String key, int n) {
        String model = MODELS[n % MODELS.length];
        String text = "training request " + n + ": explain briefly what a ledger is";
        String path;
        String body;
        switch (n % 20) {
            case 17 -> {
                path = "/v1/responses";
                body = "{\"model\":\"" + model + "\",\"input\":\"" + text + "\",\"stream\":" + (n % 40 == 17) + "}";
            }
            case 18 -> {
                path = "/v1/messages";
                body = "{\"model\":\"" + model + "\",\"max_tokens\":40,\"stream\":" + (n % 40 == 18)
                        + ",\"messages\":[{\"role\":\"user\",\"content\":\"" + text + "\"}]}";
            }
            case 19 -> {
                path = "/v1/embeddings";
                body = "{\"model\":\"text-embedding-3-small\",\"input\":[\"" + text + "\"]}";
            }
            default -> {
                path = "/v1/chat/completions";
                boolean stream = n % 20 >= 14;
                body = "{\"model\":\"" + model + "\",\"max_tokens\":40,\"stream\":" + stream
                        + ",\"messages\":[{\"role\":\"user\",\"content\":\"" + text + "\"}]}";
            }
        }
        if (n % 50 == 0) {
            return HttpRequest.newBuilder(URI.create(base + "/api/report")).header("Authorization", "Bearer " + key).GET().build();
        }
        return HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
