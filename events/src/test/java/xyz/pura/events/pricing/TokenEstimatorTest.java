package xyz.pura.events.pricing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import xyz.pura.events.chat.ChatRequest;
import xyz.pura.events.chat.ChatRequestParser;

class TokenEstimatorTest {
    private final TokenEstimator tokens = TokenEstimator.instance();

    private static ChatRequest parse(String json) {
        return ChatRequestParser.parse(json.getBytes(StandardCharsets.UTF_8), false);
    }

    @Test
    void shouldCountTextWithTheO200kEncoding() {
        assertThat(tokens.countText("hello world")).isEqualTo(2);
        assertThat(tokens.countText("")).isZero();
        assertThat(tokens.countText(null)).isZero();
        assertThat(tokens.countText("<|endoftext|>")).isPositive(); // special tokens are ordinary text
    }

    @Test
    void shouldCountARequestStablyAndAboveItsText() {
        ChatRequest r = parse("{\"messages\":[{\"role\":\"user\",\"content\":\"hello world\"}]}");
        int n = tokens.countRequest(r);
        assertThat(n).isEqualTo(tokens.countRequest(r));
        // 3 priming + 3 per message + role "user" (1) + text (2)
        assertThat(n).isEqualTo(3 + 3 + 1 + 2);
    }

    @Test
    void shouldCountContentPartsToolsToolCallsAndToolCallIds() {
        ChatRequest plain = parse("{\"messages\":[{\"role\":\"user\",\"content\":\"weather in Paris?\"}]}");
        ChatRequest withTools = parse("""
                {"messages":[{"role":"user","content":[{"type":"text","text":"weather in Paris?"}]},
                  {"role":"assistant","content":null,"tool_calls":[{"id":"call_abc123","type":"function",
                    "function":{"name":"get_weather","arguments":"{\\"city\\":\\"Paris\\"}"}}]},
                  {"role":"tool","tool_call_id":"call_abc123","content":"18C and sunny"}],
                 "tools":[{"type":"function","function":{"name":"get_weather","description":"Current weather",
                   "parameters":{"type":"object","properties":{"city":{"type":"string"}}}}}]}
                """);
        int base = tokens.countRequest(plain);
        int full = tokens.countRequest(withTools);
        int toolsJson = tokens.countText(withTools.body().get("tools").toString());
        assertThat(full).isGreaterThan(base + toolsJson + tokens.countText("18C and sunny")
                + tokens.countText("call_abc123") * 2 + tokens.countText("get_weather"));
    }

    @Test
    void shouldCountAnImagePartAsAFixedEstimate() {
        ChatRequest image = parse("""
                {"messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"https://x/y.png","detail":"low"}}]}]}
                """);
        assertThat(tokens.countRequest(image)).isEqualTo(3 + 3 + 1 + TokenEstimator.IMAGE_LOW);
    }

    @Test
    void shouldGiveTheSameCountsFromManyThreads() throws Exception {
        String text = "The quick brown fox jumps over the lazy dog. ".repeat(50);
        int expected = tokens.countText(text);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Integer>> jobs = java.util.Collections.nCopies(64, () -> tokens.countText(text));
            for (Future<Integer> f : pool.invokeAll(jobs)) {
                assertThat(f.get()).isEqualTo(expected);
            }
        } finally {
            pool.shutdown();
        }
    }
}
