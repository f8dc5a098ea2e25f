package xyz.pura.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import xyz.pura.app.testing.TestBroker;
import xyz.pura.app.testing.TestGateway;
import xyz.pura.app.testing.TopicReader;
import xyz.pura.events.Json;
import xyz.pura.events.RequestCompleted;
import xyz.pura.events.Topics;
import xyz.pura.events.Usd;
import xyz.pura.events.pricing.RateCard;
import xyz.pura.events.pricing.TokenUsage;
import xyz.pura.ledger.KeyTotals;
import xyz.pura.ledger.Replay;
import xyz.pura.ledger.Repricing;

/**
 * The money identity with the provider's own usage: answers whose usage holds cache reads, cache writes and reasoning
 * (from each provider's simulator, JSON and streamed) are billed exactly the rate card's price of those components, and
 * the header (or a stream's final {@code pura.costUsd}), the completion, the ledger entry, {@code /api/report} and a
 * replay agree to the nano-dollar.
 */
class ExactMoneyTest {
    private static TestGateway gateway;
    private static String key;
    private static String keyId;

    @BeforeAll
    static void start() {
        gateway = TestGateway.start();
        JsonNode created = TestGateway.json(gateway.post("/api/keys", null, "{\"label\":\"exact-money\"}").body());
        key = created.get("key").asText();
        keyId = created.get("keyId").asText();
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    /** About {@code tokens} of the simulator's tokens (4 characters each). */
    private static String longText(String seed, int tokens) {
        StringBuilder sb = new StringBuilder(seed);
        while (sb.length() < tokens * 4) {
            sb.append(" context");
        }
        return sb.substring(0, tokens * 4);
    }

    private static String chat(String model, boolean stream, String content, String extra) {
        return "{\"model\":\"" + model + "\",\"stream\":" + stream + ",\"messages\":[{\"role\":\"user\",\"content\":"
                + content + "}]" + extra + "}";
    }

    private static String quoted(String s) {
        return Json.mapper().valueToTree(s).toString();
    }

    /** One answer as the client saw it: its request id and the cost it was shown. */
    private record Seen(String requestId, String model, Usd shown) {
    }

    private static Seen send(String model, boolean stream, String body) {
        HttpResponse<String> r = gateway.post("/v1/chat/completions", key, body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        String requestId = r.headers().firstValue("X-Pura-Request-Id").orElseThrow();
        if (!stream) {
            Usd header = Usd.parse(r.headers().firstValue("X-Pura-Cost").orElseThrow());
            assertThat(TestGateway.json(r.body()).at("/pura/costUsd").asText()).isEqualTo(header.toString());
            assertThat(TestGateway.json(r.body()).at("/pura/usageSource").asText()).isEqualTo("provider");
            return new Seen(requestId, model, header);
        }
        JsonNode last = null;
        for (String line : r.body().split("\n")) {
            if (line.startsWith("data: {")) {
                last = TestGateway.json(line.substring(6));
            }
        }
        assertThat(last).isNotNull();
        assertThat(last.at("/pura/usageSource").asText()).isEqualTo("provider");
        return new Seen(requestId, model, Usd.parse(last.at("/pura/costUsd").asText()));
    }

    @Test
    void shouldBillEachProvidersCacheAndReasoningComponentsExactlyAndAgreeEverywhere() throws Exception {
        String openAiPrompt = quoted(longText("Shared routing context.", 1_400));
        String claudeParts = "[{\"type\":\"text\",\"text\":" + quoted(longText("Shared billing context.", 1_500))
                + ",\"cache_control\":{\"type\":\"ephemeral\"}}]";
        String geminiPrompt = quoted(longText("Shared ledger context.", 1_300));
        List<Seen> seen = new ArrayList<>();
        seen.add(send("gpt-4o", false, chat("gpt-4o", false, openAiPrompt, "")));
        seen.add(send("gpt-4o", true, chat("gpt-4o", true, openAiPrompt, ""))); // reads OpenAI's prefix cache
        seen.add(send("o4-mini", false, chat("o4-mini", false, quoted("Reason about ledgers"), ",\"reasoning_effort\":\"high\"")));
        seen.add(send("o4-mini", true, chat("o4-mini", true, quoted("Reason about budgets"), "")));
        seen.add(send("claude-sonnet-4-5", false, chat("claude-sonnet-4-5", false, claudeParts, ""))); // writes 5 m
        seen.add(send("claude-sonnet-4-5", true, chat("claude-sonnet-4-5", true, claudeParts, ""))); // reads it
        seen.add(send("gemini-2.5-flash", false, chat("gemini-2.5-flash", false, geminiPrompt, ""))); // thinks
        seen.add(send("gemini-2.5-flash", true, chat("gemini-2.5-flash", true, geminiPrompt, ""))); // and reads the cache

        Map<String, RequestCompleted> completions = new HashMap<>();
        try (TopicReader reader = new TopicReader(TestBroker.bootstrapServers(), Topics.COMPLETIONS.name())) {
            for (JsonNode c : reader.await(c -> c.path("keyId").asText().equals(keyId), seen.size())) {
                completions.put(c.path("requestId").asText(), Json.mapper().treeToValue(c, RequestCompleted.class));
            }
        }
        RateCard card = RateCard.current();
        Map<String, long[]> tokensByModel = new HashMap<>();
        long sum = 0;
        for (Seen s : seen) {
            RequestCompleted c = completions.get(s.requestId());
            assertThat(c.usageSource()).isEqualTo("provider");
            TokenUsage t = c.pricedTokens();
            // the cost is the card's price of the provider's components, which is what the client was shown
            assertThat(c.costNanoUsd()).as(s.requestId()).isEqualTo(card.cost(c.model(), t).nanos())
                    .isEqualTo(s.shown().nanos());
            assertThat(c.charges()).singleElement().satisfies(ch -> assertThat(ch.tokens()).isEqualTo(t));
            long[] m = tokensByModel.computeIfAbsent(c.model(), k -> new long[3]);
            m[0] += t.cacheReadTokens();
            m[1] += t.cacheWrite5mTokens();
            m[2] += t.reasoningTokens();
            sum += c.costNanoUsd();
        }
        // the simulator reported every component: none of these may be zero
        RequestCompleted cachedRead = completions.get(seen.get(1).requestId());
        assertThat(cachedRead.pricedTokens().cacheReadTokens()).isEqualTo(1_024 + 2 * 128);
        assertThat(cachedRead.costNanoUsd()).isLessThan(card.cost("gpt-4o", TokenUsage.of(
                cachedRead.pricedTokens().inputTokens(), cachedRead.pricedTokens().outputTokens())).nanos());
        assertThat(tokensByModel.get("o4-mini")[2]).isPositive();
        assertThat(tokensByModel.get("claude-sonnet-4-5")[1]).isPositive();
        assertThat(tokensByModel.get("claude-sonnet-4-5")[0]).isEqualTo(tokensByModel.get("claude-sonnet-4-5")[1]);
        assertThat(tokensByModel.get("gemini-2.5-flash")[2]).isPositive();
        assertThat(tokensByModel.get("gemini-2.5-flash")[0]).isPositive();

        // the ledger booked each completion at its cost
        try (TopicReader ledger = new TopicReader(TestBroker.bootstrapServers(), Topics.LEDGER.name())) {
            List<JsonNode> debits = ledger.await(e -> e.path("keyId").asText().equals(keyId), seen.size());
            assertThat(debits.stream().mapToLong(e -> e.path("amountNanoUsd").asLong()).sum()).isEqualTo(sum);
        }
        // the report: the same total, and per model the same components
        JsonNode report = gateway.awaitReport(key, seen.size());
        assertThat(report.get("totalSpendUsd").asText()).isEqualTo(Usd.ofNanos(sum).toString());
        for (JsonNode m : report.get("models")) {
            long[] expected = tokensByModel.get(m.get("model").asText());
            assertThat(m.at("/tokens/cacheRead").asLong()).isEqualTo(expected[0]);
            assertThat(m.at("/tokens/cacheWrite5m").asLong()).isEqualTo(expected[1]);
            assertThat(m.at("/tokens/reasoning").asLong()).isEqualTo(expected[2]);
            assertThat(m.get("estimatedRequests").asLong()).isZero();
        }
        // a replay of the ledger, and a repricing under the version it was priced with, find the same figures
        Replay replay = Replay.connect(TestBroker.bootstrapServers());
        KeyTotals totals = replay.replay().totals().get(keyId);
        assertThat(totals.spentTotalNanoUsd()).isEqualTo(sum);
        Repricing repriced = replay.reprice(card.version());
        // (the broker is shared with other tests, whose synthetic completions may not explain their costs)
        assertThat(repriced.problems()).filteredOn(d -> d.keyId().equals(keyId)).isEmpty();
        assertThat(repriced.lines().get(keyId).values()).allSatisfy(line -> assertThat(line.differenceNanoUsd()).isZero());
        assertThat(repriced.lines().get(keyId).values().stream().mapToLong(Repricing.Line::recordedNanoUsd).sum())
                .isEqualTo(sum);
        // and the command prints it
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = ReplayCommand.run(TestBroker.bootstrapServers(), new ReplayCommand.Mode.Reprice(card.version()),
                new PrintStream(out, true, StandardCharsets.UTF_8));
        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(printed).contains(keyId).contains("claude-sonnet-4-5").contains("+0.000000000");
        assertThat(printed.lines().filter(l -> l.startsWith("unexplained: " + keyId))).isEmpty();
        assertThat(exit).isEqualTo(repriced.problems().isEmpty() ? 0 : 1);
        // an unpublished version is refused with a clear message
        ByteArrayOutputStream refused = new ByteArrayOutputStream();
        assertThat(ReplayCommand.run(TestBroker.bootstrapServers(), new ReplayCommand.Mode.Reprice("1999-01-01"),
                new PrintStream(refused, true, StandardCharsets.UTF_8))).isEqualTo(2);
        assertThat(refused.toString(StandardCharsets.UTF_8)).contains("no published rate card 1999-01-01");
    }
}
