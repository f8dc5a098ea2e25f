package xyz.pura.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.errors.BadRequestException;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.CacheControlEphemeral;
import com.anthropic.models.messages.ContentBlock;
import com.anthropic.models.messages.ContentBlockParam;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.TextBlockParam;
import com.anthropic.models.messages.Usage;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.genai.Client;
import com.google.genai.ResponseStream;
import com.google.genai.errors.ApiException;
import com.google.genai.types.GenerateContentConfig;
import com.google.genai.types.GenerateContentResponse;
import com.google.genai.types.GenerateContentResponseUsageMetadata;
import com.google.genai.types.HttpOptions;
import com.google.genai.types.HttpRetryOptions;
import com.google.genai.types.ThinkingConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The simulator reports usage the way each provider does: prompt-cache reads and writes, reasoning tokens, and usage at
 * the right place of each stream. Anthropic and Gemini are read through their official SDKs; OpenAI's wire JSON
 * directly. No assertion here can pass on a simulator that reports zeros.
 */
class UsageShapesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Simulator sim;
    private static AnthropicClient anthropic;
    private static Client gemini;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        sim = new Simulator(SimulatorConfig.defaults().withLatency(Duration.ZERO, Duration.ZERO)).start();
        anthropic = AnthropicOkHttpClient.builder().apiKey("sk-ant-test").baseUrl(sim.baseUrl()).maxRetries(0).build();
        gemini = Client.builder().apiKey("gemini-test-key").vertexAI(false)
                .httpOptions(HttpOptions.builder().baseUrl(sim.baseUrl()).apiVersion("v1beta")
                        .retryOptions(HttpRetryOptions.builder().attempts(1).build()).build())
                .build();
    }

    @AfterAll
    static void stop() {
        anthropic.close();
        gemini.close();
        sim.close();
    }

    /** About {@code tokens} simulator tokens (4 characters each) of text that starts with {@code seed}. */
    private static String text(String seed, int tokens) {
        StringBuilder sb = new StringBuilder(seed);
        while (sb.length() < tokens * 4) {
            sb.append(" filler");
        }
        return sb.substring(0, tokens * 4);
    }

    // Anthropic: cache_control breakpoints, TTL classes, thinking

    private static MessageCreateParams cached(String system, String user) {
        return MessageCreateParams.builder().model("claude-sonnet-4-5").maxTokens(256)
                .systemOfTextBlockParams(List.of(TextBlockParam.builder().text(system)
                        .cacheControl(CacheControlEphemeral.builder().ttl(CacheControlEphemeral.Ttl.TTL_1H).build()).build()))
                .addUserMessageOfContentBlockParams(List.of(ContentBlockParam.ofText(TextBlockParam.builder().text(user)
                        .cacheControl(CacheControlEphemeral.builder().build()).build())))
                .build();
    }

    private static long write5m(Usage u) {
        return u.cacheCreation().orElseThrow().ephemeral5mInputTokens();
    }

    private static long write1h(Usage u) {
        return u.cacheCreation().orElseThrow().ephemeral1hInputTokens();
    }

    @Test
    void shouldWriteEachBreakpointWithItsTtlThenReadTheLongestCachedPrefix() {
        String system = text("You are the billing assistant.", 1_500);
        Usage first = anthropic.messages().create(cached(system, text("First question about invoices.", 1_200))).usage();
        Usage again = anthropic.messages().create(cached(system, text("First question about invoices.", 1_200))).usage();
        Usage other = anthropic.messages().create(cached(system, text("Another question, on refunds.", 1_200))).usage();

        // the first call writes the system prompt for 1 h and the rest up to the user block for 5 min
        assertThat(first.cacheReadInputTokens()).contains(0L);
        assertThat(write1h(first)).isBetween(1_500L, 1_502L);
        assertThat(write5m(first)).isBetween(1_200L, 1_203L);
        assertThat(first.cacheCreationInputTokens()).contains(write1h(first) + write5m(first));
        // the same prompt again reads it all from the cache
        assertThat(again.cacheReadInputTokens()).contains(write1h(first) + write5m(first));
        assertThat(again.cacheCreationInputTokens()).contains(0L);
        assertThat(again.inputTokens() + again.cacheReadInputTokens().orElseThrow())
                .isEqualTo(first.inputTokens() + first.cacheCreationInputTokens().orElseThrow());
        // a new question reads the system prompt and writes only its own part
        assertThat(other.cacheReadInputTokens()).contains(write1h(first));
        assertThat(write1h(other)).isZero();
        assertThat(write5m(other)).isEqualTo(write5m(first));
    }

    @Test
    void shouldNotCacheAPrefixShorterThanTheModelsMinimum() {
        MessageCreateParams shortPrompt = cached("Be brief.", "Short question about caching minimums.");

        anthropic.messages().create(shortPrompt);
        Usage u = anthropic.messages().create(shortPrompt).usage();

        assertThat(u.cacheReadInputTokens()).contains(0L);
        assertThat(u.cacheCreationInputTokens()).contains(0L);
        assertThat(u.inputTokens()).isPositive();
    }

    private static MessageCreateParams thinking(long budget) {
        return MessageCreateParams.builder().model("claude-sonnet-4-5").maxTokens(4_096).enabledThinking(budget)
                .addUserMessage("Why do gateways meter tokens?").build();
    }

    @Test
    void shouldAnswerWithASignedThinkingBlockBilledAsOutputStreamedAndNot() {
        Message plain = anthropic.messages().create(MessageCreateParams.builder().model("claude-sonnet-4-5").maxTokens(4_096)
                .addUserMessage("Why do gateways meter tokens?").build());
        Message whole = anthropic.messages().create(thinking(2_048)).validate();
        MessageAccumulator acc = MessageAccumulator.create();
        try (StreamResponse<RawMessageStreamEvent> stream = anthropic.messages().createStreaming(thinking(2_048))) {
            stream.stream().forEach(acc::accumulate);
        }
        Message streamed = acc.message().validate();

        for (Message m : List.of(whole, streamed)) {
            ContentBlock first = m.content().getFirst();
            assertThat(first.isThinking()).isTrue();
            assertThat(first.asThinking().signature()).isNotBlank();
            assertThat(m.content().get(1).asText().text()).isEqualTo(plain.content().getFirst().asText().text());
            // thinking is billed as output: more output tokens than the same answer without it
            assertThat(m.usage().outputTokens()).isGreaterThan(plain.usage().outputTokens());
        }
        assertThat(streamed.usage().outputTokens()).isEqualTo(whole.usage().outputTokens());
    }

    @Test
    void shouldRefuseAThinkingBudgetAsAnthropicDoes() {
        assertThatThrownBy(() -> anthropic.messages().create(thinking(512)))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("budget_tokens");
        assertThatThrownBy(() -> anthropic.messages().create(MessageCreateParams.builder().model("claude-sonnet-4-5")
                .maxTokens(2_000).enabledThinking(2_048).addUserMessage("hi").build()))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("max_tokens");
    }

    // Gemini: thoughtsTokenCount, implicit caching

    private static GenerateContentResponseUsageMetadata geminiUsage(String model, String prompt, GenerateContentConfig config) {
        return gemini.models.generateContent(model, prompt, config).usageMetadata().orElseThrow();
    }

    @Test
    void shouldCountGeminiThoughtsApartUnlessThinkingIsOff() {
        GenerateContentResponseUsageMetadata thinking = geminiUsage("gemini-2.5-flash", "Explain budgets", null);
        GenerateContentResponseUsageMetadata off = geminiUsage("gemini-2.5-flash", "Explain budgets",
                GenerateContentConfig.builder().thinkingConfig(ThinkingConfig.builder().thinkingBudget(0).build()).build());
        GenerateContentResponseUsageMetadata capped = geminiUsage("gemini-2.5-flash", "Explain budgets",
                GenerateContentConfig.builder().thinkingConfig(ThinkingConfig.builder().thinkingBudget(10).build()).build());

        assertThat(thinking.thoughtsTokenCount()).hasValueSatisfying(n -> assertThat(n).isPositive());
        assertThat(thinking.candidatesTokenCount()).isEqualTo(off.candidatesTokenCount());
        assertThat(thinking.totalTokenCount().orElseThrow()).isEqualTo(thinking.promptTokenCount().orElseThrow()
                + thinking.candidatesTokenCount().orElseThrow() + thinking.thoughtsTokenCount().orElseThrow());
        assertThat(off.thoughtsTokenCount()).isEmpty();
        assertThat(capped.thoughtsTokenCount()).contains(10);
        assertThat(geminiUsage("gemini-2.0-flash", "Explain budgets", null).thoughtsTokenCount()).isEmpty();
        assertThatThrownBy(() -> geminiUsage("gemini-2.5-pro", "Explain budgets",
                GenerateContentConfig.builder().thinkingConfig(ThinkingConfig.builder().thinkingBudget(0).build()).build()))
                .isInstanceOf(ApiException.class).hasMessageContaining("only works in thinking mode");
    }

    @Test
    void shouldReadARepeatedLongPrefixFromGeminisImplicitCache() {
        String prompt = text("A long shared context about ledgers.", 1_300);

        GenerateContentResponseUsageMetadata first = geminiUsage("gemini-2.5-flash", prompt, null);
        GenerateContentResponseUsageMetadata second = geminiUsage("gemini-2.5-flash", prompt, null);

        assertThat(first.cachedContentTokenCount()).isEmpty();
        assertThat(second.cachedContentTokenCount()).contains(1_280); // 1,024 + 2 steps of 128
        assertThat(second.promptTokenCount()).isEqualTo(first.promptTokenCount());
    }

    @Test
    void shouldStreamTheWholeGeminiUsageInTheLastResponse() {
        List<GenerateContentResponse> all = new ArrayList<>();
        try (ResponseStream<GenerateContentResponse> stream = gemini.models.generateContentStream("gemini-2.5-flash",
                "Stream me an answer", null)) {
            stream.forEach(all::add);
        }

        GenerateContentResponseUsageMetadata last = all.getLast().usageMetadata().orElseThrow();
        assertThat(last.thoughtsTokenCount()).hasValueSatisfying(n -> assertThat(n).isPositive());
        assertThat(last.candidatesTokenCount()).hasValueSatisfying(n -> assertThat(n).isPositive());
        assertThat(all.getFirst().usageMetadata().orElseThrow().candidatesTokenCount()).isEmpty();
    }

    // OpenAI: cached_tokens from automatic prefix caching, reasoning_tokens, the usage chunk only when asked

    private static JsonNode openai(String body) throws Exception {
        HttpResponse<String> res = HTTP.send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/v1/chat/completions"))
                .header("Authorization", "Bearer sk-test").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(res.statusCode()).isEqualTo(200);
        return body.contains("\"stream\":true") ? JSON.valueToTree(sseData(res.body())) : JSON.readTree(res.body());
    }

    private static List<JsonNode> sseData(String body) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String line : body.split("\n")) {
            if (line.startsWith("data: ") && !line.equals("data: [DONE]")) {
                out.add(JSON.readTree(line.substring(6)));
            }
        }
        return out;
    }

    private static String chat(String model, String content, String extra) throws Exception {
        return "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":" + JSON.writeValueAsString(content)
                + "}]" + extra + "}";
    }

    @Test
    void shouldReportOpenAiPrefixCacheHitsIn128TokenSteps() throws Exception {
        String prompt = text("A long system context about routing.", 1_400);

        JsonNode first = openai(chat("gpt-4o", prompt, "")).path("usage");
        JsonNode second = openai(chat("gpt-4o", prompt, "")).path("usage");
        JsonNode other = openai(chat("gpt-4o-mini", prompt, "")).path("usage");

        assertThat(first.at("/prompt_tokens_details/cached_tokens").asInt()).isZero();
        assertThat(second.at("/prompt_tokens_details/cached_tokens").asInt()).isEqualTo(1_024 + 2 * 128);
        assertThat(second.path("prompt_tokens").asInt()).isEqualTo(first.path("prompt_tokens").asInt());
        assertThat(other.at("/prompt_tokens_details/cached_tokens").asInt()).isZero(); // caches are per model
    }

    @Test
    void shouldCountReasoningTokensInsideTheCompletionTokens() throws Exception {
        JsonNode plain = openai(chat("gpt-4o", "Think about ledgers", "")).path("usage");
        JsonNode low = openai(chat("o4-mini", "Think about ledgers", ",\"reasoning_effort\":\"low\"")).path("usage");
        JsonNode high = openai(chat("o4-mini", "Think about ledgers", ",\"reasoning_effort\":\"high\"")).path("usage");

        assertThat(plain.at("/completion_tokens_details/reasoning_tokens").asInt()).isZero();
        int lowReasoning = low.at("/completion_tokens_details/reasoning_tokens").asInt();
        assertThat(lowReasoning).isPositive();
        assertThat(high.at("/completion_tokens_details/reasoning_tokens").asInt()).isGreaterThan(lowReasoning);
        assertThat(low.path("completion_tokens").asInt()).isGreaterThan(lowReasoning);
        assertThat(low.path("total_tokens").asInt())
                .isEqualTo(low.path("prompt_tokens").asInt() + low.path("completion_tokens").asInt());
    }

    @Test
    void shouldStreamTheUsageChunkOnlyWhenAskedAndWithItsDetails() throws Exception {
        List<JsonNode> unasked = new ArrayList<>();
        openai(chat("o4-mini", "Stream about tiers", ",\"stream\":true")).forEach(unasked::add);
        List<JsonNode> asked = new ArrayList<>();
        openai(chat("o4-mini", "Stream about tiers", ",\"stream\":true,\"stream_options\":{\"include_usage\":true}"))
                .forEach(asked::add);

        assertThat(unasked).allSatisfy(chunk -> {
            assertThat(chunk.has("usage")).isFalse();
            assertThat(chunk.path("choices")).isNotEmpty();
        });
        JsonNode last = asked.getLast();
        assertThat(last.path("choices")).isEmpty();
        assertThat(last.at("/usage/completion_tokens_details/reasoning_tokens").asInt()).isPositive();
        assertThat(asked.subList(0, asked.size() - 1)).allSatisfy(chunk -> assertThat(chunk.path("usage").isNull()).isTrue());
    }

    @Test
    void shouldGiveGroqItsPlainUsageWithoutOpenAiDetails() throws Exception {
        HttpResponse<String> res = HTTP.send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/openai/v1/chat/completions"))
                .header("Authorization", "Bearer gsk-test").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(chat("llama-3.3-70b-versatile", "hello groq", "")))
                .build(), HttpResponse.BodyHandlers.ofString());

        JsonNode usage = JSON.readTree(res.body()).path("usage");
        assertThat(usage.path("prompt_tokens").asInt()).isPositive();
        assertThat(usage.has("prompt_tokens_details")).isFalse();
        assertThat(usage.has("queue_time")).isTrue();
    }
}
