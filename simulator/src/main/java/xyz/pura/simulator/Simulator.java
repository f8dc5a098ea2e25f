package xyz.pura.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local upstream that speaks the providers' real wire formats on their real paths, so that the
 * gateway's providers point at it by base URL alone:
 * <ul>
 *   <li>OpenAI: {@code POST /v1/chat/completions} and {@code /v1/embeddings} (base URL {@code http://host:port/v1})</li>
 *   <li>Groq: {@code POST /openai/v1/chat/completions} (base URL {@code http://host:port})</li>
 *   <li>Anthropic: {@code POST /v1/messages} (base URL {@code http://host:port})</li>
 *   <li>Gemini: {@code POST /v1beta/models/{model}:generateContent} and
 *       {@code :streamGenerateContent?alt=sse}, embeddings at {@code :embedContent} and {@code :batchEmbedContents},
 *       also under {@code /v1/} (base URL {@code http://host:port})</li>
 * </ul>
 * Control (tests, out-of-process use): {@code POST /_sim/faults {"provider","fault","times"}},
 * {@code DELETE /_sim/faults}, {@code GET /_sim/state?provider=...}.
 */
public final class Simulator implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Simulator.class);

    private final SimulatorConfig config;
    private final SimulatorState state = new SimulatorState();
    private final Javalin app;

    public Simulator(SimulatorConfig config) {
        this.config = config;
        OpenAiFormat openai = new OpenAiFormat("openai", config, state);
        OpenAiFormat groq = new OpenAiFormat("groq", config, state);
        AnthropicFormat anthropic = new AnthropicFormat(config, state);
        GeminiFormat gemini = new GeminiFormat(config, state);
        OpenAiEmbeddingsFormat openaiEmbeddings = new OpenAiEmbeddingsFormat(config, state);
        ObjectMapper json = new ObjectMapper();
        this.app = Javalin.create(cfg -> {
            cfg.concurrency.useVirtualThreads = true;
            cfg.startup.showJavalinBanner = false;
            cfg.http.maxRequestSize = 20L * 1024 * 1024;
            cfg.routes.post("/v1/chat/completions", openai::handle);
            cfg.routes.post("/v1/embeddings", openaiEmbeddings::handle);
            cfg.routes.post("/openai/v1/chat/completions", groq::handle);
            cfg.routes.post("/v1/messages", anthropic::handle);
            cfg.routes.post("/v1beta/models/{action}", gemini::handle);
            cfg.routes.post("/v1/models/{action}", gemini::handle);
            cfg.routes.post("/_sim/faults", ctx -> {
                JsonNode body = json.readTree(ctx.body());
                state.injectFault(body.path("provider").asText(), Fault.parse(body.path("fault").asText()),
                        body.path("times").asInt(-1));
                ctx.status(204);
            });
            cfg.routes.delete("/_sim/faults", ctx -> {
                state.clearFaults();
                ctx.status(204);
            });
            cfg.routes.get("/_sim/state", ctx -> {
                String p = ctx.queryParam("provider");
                ctx.json(Map.of("requests", p == null ? state.totalRequests() : state.requests(p),
                        "cancelled", p == null ? 0 : state.cancelled(p)));
            });
        });
    }

    public Simulator start() {
        app.start(config.host(), config.port());
        LOG.info("provider simulator listening on http://{}:{}", config.host(), app.port());
        return this;
    }

    public int port() {
        return app.port();
    }

    public String baseUrl() {
        return "http://" + config.host() + ":" + app.port();
    }

    public SimulatorState state() {
        return state;
    }

    @Override
    public void close() {
        app.stop();
    }

    public static void main(String[] args) {
        Simulator sim = new Simulator(SimulatorConfig.fromEnv(System.getenv())).start();
        Runtime.getRuntime().addShutdownHook(new Thread(sim::close));
    }
}
