package xyz.pura.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The requests the harness sends (directly to the mock, through Pura, through Portkey): open model with
 * {@link NioLoad}, closed loop with wrk (or the JDK client when wrk is missing),
 * or with wrk, and the per-key count of what Pura served, which the billing section checks against Kafka.
 */
final class Clients {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String PROMPT = "Write one short sentence about backpressure in API gateways.";
    static final String PATH = "/v1/chat/completions";

    final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).executor(Executors.newFixedThreadPool(2)).build();
    final String pura;
    final String portkey;
    /** wrk's path, null without wrk. */
    final String wrk;
    private final Path wrkDir;
    /** Per key id: 2xx answers a generator received through Pura. */
    final Map<String, Long> servedByKey = new LinkedHashMap<>();
    final Map<String, String> keyLabel = new LinkedHashMap<>();
    /** Per key id: answers wrk may have left uncounted (see {@link Wrk.Result#unaccounted}). */
    final Map<String, Long> unaccounted = new LinkedHashMap<>();

    Clients(String pura, String portkey, String wrk, Path wrkDir) {
        this.pura = pura;
        this.portkey = portkey;
        this.wrk = wrk;
        this.wrkDir = wrkDir;
    }

    static byte[] body(String model, boolean stream, int maxTokens) {
        var b = JSON.createObjectNode().put("model", model);
        b.putArray("messages").addObject().put("role", "user").put("content", PROMPT);
        b.put("max_tokens", maxTokens);
        if (stream) {
            b.put("stream", true);
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    // ---------------------------------------------------------------- headers per target

    static Map<String, String> directHeaders() {
        return Map.of("Authorization", "Bearer x");
    }

    static Map<String, String> puraHeaders(String key) {
        return Map.of("Authorization", "Bearer " + key);
    }

    static Map<String, String> portkeyHeaders(String upstreamBase) {
        var h = new LinkedHashMap<String, String>();
        h.put("Authorization", "Bearer x");
        h.put("x-portkey-provider", "openai");
        h.put("x-portkey-custom-host", upstreamBase + "/v1");
        return h;
    }

    private static Supplier<HttpRequest> post(String base, Map<String, String> headers, byte[] body) {
        URI uri = URI.create(base + PATH);
        return () -> {
            var b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json");
            headers.forEach(b::header);
            return b.POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        };
    }

    Supplier<HttpRequest> viaPura(String key, byte[] body) {
        return post(pura, puraHeaders(key), body);
    }

    Supplier<HttpRequest> viaPortkey(String upstreamBase, byte[] body) {
        return post(portkey, portkeyHeaders(upstreamBase), body);
    }

    // ---------------------------------------------------------------- keys and what Pura served

    /** A fresh key with a budget no run can reach; its id tells its events apart. Returns {key, keyId}. */
    String[] newKey(String label) throws Exception {
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(pura + "/api/keys"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"label\":\"" + label + "\",\"dailyBudgetUsd\":\"1000000\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 201 && r.statusCode() != 200) {
            throw new IllegalStateException("POST /api/keys: " + r.statusCode() + " " + r.body());
        }
        JsonNode n = JSON.readTree(r.body());
        keyLabel.put(n.get("keyId").asText(), label);
        servedByKey.put(n.get("keyId").asText(), 0L);
        return new String[] {n.get("key").asText(), n.get("keyId").asText()};
    }

    String[] newKeyQuiet(String label) {
        try {
            return newKey(label);
        } catch (Exception e) {
            throw new RuntimeException(e);
        }
    }

    /** Open model with the harness's NIO generator: {@code rps} POSTs of {@code body} to {@code base}'s chat path. */
    static Load.Result open(String label, String base, Map<String, String> headers, byte[] body, double rps, long nanos,
                            int maxOutstanding, boolean stream) {
        return NioLoad.open(label, NioLoad.Target.post(base + PATH, headers, body), rps, nanos, maxOutstanding, stream);
    }

    static Load.Result directOpen(String label, String mock, byte[] body, double rps, long nanos, int maxOutstanding, boolean stream) {
        return open(label, mock, directHeaders(), body, rps, nanos, maxOutstanding, stream);
    }

    Load.Result portkeyOpen(String label, String upstreamBase, byte[] body, double rps, long nanos, int maxOutstanding, boolean stream) {
        return open(label, portkey, portkeyHeaders(upstreamBase), body, rps, nanos, maxOutstanding, stream);
    }

    Load.Result puraOpen(String label, String[] key, byte[] body, double rps, long nanos, boolean stream) {
        Load.Result r = open(label, pura, puraHeaders(key[0]), body, rps, nanos, 20_000, stream);
        servedByKey.merge(key[1], r.ok.get(), Long::sum);
        return r;
    }

    Load.Result puraClosed(String label, String[] key, byte[] body, int connections, long nanos) {
        Load.Result r = Load.closed(label, client, viaPura(key[0], body), connections, nanos);
        servedByKey.merge(key[1], r.ok.get(), Long::sum);
        return r;
    }

    Wrk.Result wrk(String label, String base, Map<String, String> headers, byte[] body, double seconds) throws Exception {
        return Wrk.run(wrk, label, base + PATH, headers, body, seconds, wrkDir);
    }

    /** wrk with its own thread and connection counts (the compare run's {@code -t1 -c32}). */
    Wrk.Result wrk(String label, String base, Map<String, String> headers, byte[] body, double seconds, int threads,
                   int connections) throws Exception {
        return Wrk.run(wrk, label, base + PATH, headers, body, seconds, wrkDir, threads, connections);
    }

    Wrk.Result puraWrk(String label, String[] key, byte[] body, double seconds) throws Exception {
        Wrk.Result r = wrk(label, pura, puraHeaders(key[0]), body, seconds);
        servedByKey.merge(key[1], r.ok(), Long::sum);
        unaccounted.merge(key[1], r.unaccounted(), Long::sum);
        return r;
    }
}
