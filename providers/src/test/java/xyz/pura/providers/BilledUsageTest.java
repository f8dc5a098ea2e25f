package xyz.pura.providers;

import static org.assertj.core.api.Assertions.assertThat;
import static xyz.pura.providers.fixtures.Fixtures.config;
import static xyz.pura.providers.fixtures.Fixtures.json;
import static xyz.pura.providers.fixtures.Fixtures.request;
import static xyz.pura.providers.fixtures.Fixtures.sse;

import java.io.IOException;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import xyz.pura.events.ProviderId;
import xyz.pura.events.RequestCompleted;
import xyz.pura.events.pricing.RateCard;
import xyz.pura.events.pricing.TokenUsage;
import xyz.pura.providers.anthropic.AnthropicProvider;
import xyz.pura.providers.fixtures.Fixtures.Collector;
import xyz.pura.providers.gemini.GeminiProvider;
import xyz.pura.providers.groq.GroqProvider;
import xyz.pura.providers.openai.OpenAiProvider;

/**
 * What each provider bills, from recorded-shape answers with cache reads, cache writes and reasoning tokens: its usage
 * report, normalised, priced by the rate card component by component, JSON and streamed alike. The expected figures
 * are worked out by hand from the published prices of rate card 2026-12-07 (nano-USD per token = USD per 1M / 1,000).
 */
class BilledUsageTest {
    private static final RateCard CARD = RateCard.load("2026-12-07");
    private static final String ASK = "{\"messages\":[{\"role\":\"user\",\"content\":\"What is the answer?\"}],"
            + "\"stream_options\":{\"include_usage\":true}}";

    private MockWebServer server;

    @BeforeEach
    void start() throws IOException {
        server = new MockWebServer();
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static TokenUsage billed(ChatResult result) {
        ChatResult.Usage u = result.usage();
        return new RequestCompleted.ProviderUsage(u.inputTokens(), u.outputTokens(), u.cachedInputTokens(), u.reasoningTokens(),
                u.cacheWrite5mTokens(), u.cacheWrite1hTokens()).tokens();
    }

    @Test
    void shouldBillOpenAiCacheReadsAndReasoningAsOpenAiDoes() throws Exception {
        OpenAiProvider openai = new OpenAiProvider(config(ProviderId.OPENAI, server, "sk-gateway"));
        server.enqueue(json(200, "billed/openai-reasoning.json"));
        server.enqueue(sse("billed/openai-reasoning.sse"));
        // prompt_tokens 2,048 of which 1,536 cached; completion_tokens 900 of which 640 reasoning (billed as output)
        TokenUsage expected = new TokenUsage(2_048, 1_536, 0, 0, 900, 640);
        long nanos = 512 * 1_100L + 1_536 * 275L + 260 * 4_400L + 640 * 4_400L; // o4-mini: $1.10 / $0.275 / $4.40

        TokenUsage json = billed(openai.chat(request(ASK, "o4-mini", null)));
        TokenUsage streamed = billed(openai.stream(request(ASK, "o4-mini", null), new Collector()));

        assertThat(json).isEqualTo(expected).isEqualTo(streamed);
        assertThat(CARD.cost("o4-mini", json).nanos()).isEqualTo(nanos).isEqualTo(4_945_600L);
    }

    @Test
    void shouldBillAnthropicCacheWritesByTheirTtlAndThinkingAsOutput() throws Exception {
        AnthropicProvider anthropic = new AnthropicProvider(config(ProviderId.ANTHROPIC, server, "sk-ant-gateway"));
        server.enqueue(json(200, "billed/anthropic-thinking.json"));
        server.enqueue(sse("billed/anthropic-thinking.sse"));
        // input_tokens 50 (uncached) + 3,000 cache reads + 1,500 cache writes (1,000 for 5 minutes, 500 for an hour);
        // output_tokens 700, thinking included (Anthropic does not report it apart)
        TokenUsage expected = new TokenUsage(4_550, 3_000, 1_000, 500, 700, 0);
        long nanos = 50 * 3_000L + 3_000 * 300L + 1_000 * 3_750L + 500 * 6_000L + 700 * 15_000L; // claude-sonnet-4-5

        TokenUsage json = billed(anthropic.chat(request(ASK, "claude-sonnet-4-5", null)));
        TokenUsage streamed = billed(anthropic.stream(request(ASK, "claude-sonnet-4-5", null), new Collector()));

        assertThat(json).isEqualTo(expected).isEqualTo(streamed);
        assertThat(CARD.cost("claude-sonnet-4-5", json).nanos()).isEqualTo(nanos).isEqualTo(18_300_000L);
    }

    @Test
    void shouldBillGeminiThoughtsAsOutputAndCachedContentAtTheCachedPrice() throws Exception {
        GeminiProvider gemini = new GeminiProvider(config(ProviderId.GEMINI, server, "gemini-gateway"));
        server.enqueue(json(200, "billed/gemini-thinking.json"));
        server.enqueue(sse("billed/gemini-thinking.sse"));
        // promptTokenCount 4,096 of which 2,048 cached; candidatesTokenCount 300 plus thoughtsTokenCount 1,200
        TokenUsage expected = new TokenUsage(4_096, 2_048, 0, 0, 1_500, 1_200);
        long nanos = 2_048 * 300L + 2_048 * 30L + 300 * 2_500L + 1_200 * 2_500L; // gemini-2.5-flash: $0.30 / $0.03 / $2.50

        TokenUsage json = billed(gemini.chat(request(ASK, "gemini-2.5-flash", null)));
        TokenUsage streamed = billed(gemini.stream(request(ASK, "gemini-2.5-flash", null), new Collector()));

        assertThat(json).isEqualTo(expected).isEqualTo(streamed);
        assertThat(CARD.cost("gemini-2.5-flash", json).nanos()).isEqualTo(nanos).isEqualTo(4_425_840L);
    }

    @Test
    void shouldBillGroqPlainUsage() throws Exception {
        GroqProvider groq = new GroqProvider(config(ProviderId.GROQ, server, "gsk_gateway"));
        server.enqueue(json(200, "billed/groq-plain.json"));

        TokenUsage json = billed(groq.chat(request(ASK, "llama-3.3-70b-versatile", null)));

        assertThat(json).isEqualTo(TokenUsage.of(120, 30));
        assertThat(CARD.cost("llama-3.3-70b-versatile", json).nanos()).isEqualTo(120 * 590L + 30 * 790L);
    }
}
