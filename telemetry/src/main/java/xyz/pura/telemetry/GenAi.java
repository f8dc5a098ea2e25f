package xyz.pura.telemetry;

import io.opentelemetry.api.common.AttributeKey;
import java.util.List;

/**
 * The names this module exports: OpenTelemetry's GenAI semantic conventions as last published in
 * open-telemetry/semantic-conventions (v1.41.0, the version opentelemetry.io shows and GenAI dashboards query), the
 * HTTP and error conventions, and the gateway's own {@code pura.*} attributes.
 */
final class GenAi {
    // GenAI (semantic conventions v1.41.0, registry "gen_ai")
    static final AttributeKey<String> OPERATION_NAME = AttributeKey.stringKey("gen_ai.operation.name");
    static final AttributeKey<String> PROVIDER_NAME = AttributeKey.stringKey("gen_ai.provider.name");
    static final AttributeKey<String> REQUEST_MODEL = AttributeKey.stringKey("gen_ai.request.model");
    static final AttributeKey<Boolean> REQUEST_STREAM = AttributeKey.booleanKey("gen_ai.request.stream");
    static final AttributeKey<Long> USAGE_INPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.input_tokens");
    static final AttributeKey<Long> USAGE_OUTPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.output_tokens");
    static final AttributeKey<Long> USAGE_CACHE_READ_INPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.cache_read.input_tokens");
    static final AttributeKey<Long> USAGE_CACHE_CREATION_INPUT_TOKENS =
            AttributeKey.longKey("gen_ai.usage.cache_creation.input_tokens");
    static final AttributeKey<Long> USAGE_REASONING_OUTPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.reasoning.output_tokens");
    static final AttributeKey<Double> RESPONSE_TIME_TO_FIRST_CHUNK = AttributeKey.doubleKey("gen_ai.response.time_to_first_chunk");
    static final AttributeKey<String> TOKEN_TYPE = AttributeKey.stringKey("gen_ai.token.type");
    static final String CHAT = "chat";
    static final String EMBEDDINGS = "embeddings";
    static final String GENERATE_CONTENT = "generate_content";
    static final String INPUT = "input";
    static final String OUTPUT = "output";

    // general conventions (stable)
    static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
    static final AttributeKey<String> SERVER_ADDRESS = AttributeKey.stringKey("server.address");
    static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey("server.port");
    static final AttributeKey<String> HTTP_REQUEST_METHOD = AttributeKey.stringKey("http.request.method");
    static final AttributeKey<String> HTTP_ROUTE = AttributeKey.stringKey("http.route");
    static final AttributeKey<Long> HTTP_RESPONSE_STATUS_CODE = AttributeKey.longKey("http.response.status_code");

    // the gateway's own
    static final AttributeKey<String> PURA_REQUEST_ID = AttributeKey.stringKey("pura.request_id");
    static final AttributeKey<String> PURA_KEY_ID = AttributeKey.stringKey("pura.key_id");
    static final AttributeKey<String> PURA_KEY_PREFIX = AttributeKey.stringKey("pura.key_prefix");
    static final AttributeKey<String> PURA_TIER = AttributeKey.stringKey("pura.tier");
    static final AttributeKey<String> PURA_ENDPOINT = AttributeKey.stringKey("pura.endpoint");
    static final AttributeKey<String> PURA_STATUS = AttributeKey.stringKey("pura.status");
    static final AttributeKey<String> PURA_PROVIDER = AttributeKey.stringKey("pura.provider");
    static final AttributeKey<String> PURA_MODEL = AttributeKey.stringKey("pura.model");
    static final AttributeKey<String> PURA_COST_USD = AttributeKey.stringKey("pura.cost_usd");
    static final AttributeKey<String> PURA_RATE_CARD = AttributeKey.stringKey("pura.rate_card");
    static final AttributeKey<String> PURA_USAGE_SOURCE = AttributeKey.stringKey("pura.usage_source");
    static final AttributeKey<Long> PURA_ATTEMPTS = AttributeKey.longKey("pura.attempts");
    static final AttributeKey<Boolean> PURA_EXPLORED = AttributeKey.booleanKey("pura.explored");
    static final AttributeKey<Boolean> PURA_BYOK = AttributeKey.booleanKey("pura.byok");

    // metrics
    static final String TOKEN_USAGE = "gen_ai.client.token.usage";
    static final String OPERATION_DURATION = "gen_ai.client.operation.duration";
    static final String TIME_TO_FIRST_CHUNK = "gen_ai.client.operation.time_to_first_chunk";
    static final String PURA_COST = "pura.cost";
    /** The conventions' advice for {@value #TOKEN_USAGE}. */
    static final List<Long> TOKEN_BUCKETS = List.of(1L, 4L, 16L, 64L, 256L, 1024L, 4096L, 16384L, 65536L, 262144L,
            1048576L, 4194304L, 16777216L, 67108864L);
    /** The conventions' advice for {@value #OPERATION_DURATION} and {@value #TIME_TO_FIRST_CHUNK}. */
    static final List<Double> DURATION_BUCKETS = List.of(0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12,
            10.24, 20.48, 40.96, 81.92);

    private GenAi() {
    }

    /**
     * {@code gen_ai.provider.name}: the conventions' well-known value of each upstream ({@code gcp.gemini} is the
     * Gemini API at generativelanguage.googleapis.com); an unknown name passes through.
     */
    static String providerName(String provider) {
        if (provider == null) {
            return null;
        }
        return switch (provider) {
            case "openai" -> "openai";
            case "anthropic" -> "anthropic";
            case "groq" -> "groq";
            case "gemini" -> "gcp.gemini";
            default -> provider;
        };
    }

    /**
     * {@code gen_ai.operation.name} of one upstream call: {@code embeddings} for {@code /v1/embeddings}; otherwise
     * {@code generate_content} on Gemini (the gateway calls its Generate Content API, the conventions' example of that
     * value) and {@code chat} on the others (chat completions, Anthropic's Messages).
     */
    static String operationName(String endpoint, String provider) {
        if ("/v1/embeddings".equals(endpoint)) {
            return EMBEDDINGS;
        }
        return "gemini".equals(provider) ? GENERATE_CONTENT : CHAT;
    }
}
