package xyz.pura.router;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import xyz.pura.events.ProviderId;
import xyz.pura.events.chat.ChatRequest;
import xyz.pura.events.chat.ChatRequestParser;

/** {@code routing.prefer} is never silently void: it applies, joins the candidates at a bounded cost, or says why not. */
class PreferTest {
    private static final String HELLO = "\"messages\":[{\"role\":\"user\",\"content\":\"Say hello.\"}]";

    private Router router(int seed) {
        return new Router(ModelCatalog.load(), new QualityTable(), new WeightTable(), RouterConfig.defaults().withSeed(seed));
    }

    @Test
    void shouldLetAPreferredProviderOutsideTheTierJoinWithItsOwnModelOfThatTier() {
        ChatRequest simple = chat("{\"routing\":{\"prefer\":\"anthropic\"}," + HELLO + "}");
        Router router = router(3);

        int anthropic = 0;
        for (int i = 0; i < 400; i++) {
            RoutingDecision d = router.decide(simple, RouteContext.all());
            assertThat(d.prefer()).isEqualTo("joined: claude-3-5-haiku-latest from the cheap tier");
            assertThat(d.reason()).contains("prefer joined");
            assertThat(d.candidates()).anySatisfy(c -> {
                assertThat(c.provider()).isEqualTo(ProviderId.ANTHROPIC);
                assertThat(c.preferred()).isTrue();
            });
            anthropic += d.provider() == ProviderId.ANTHROPIC ? 1 : 0;
        }
        assertThat(anthropic).as("answers the preferred provider served, of 400").isGreaterThan(100);
    }

    @Test
    void shouldSayAppliedWhenThePreferredProviderIsACandidateAlready() {
        RoutingDecision d = router(1).decide(chat("{\"routing\":{\"prefer\":\"gemini\"}," + HELLO + "}"), RouteContext.all());

        assertThat(d.prefer()).isEqualTo("applied");
    }

    @Test
    void shouldSayWhyAPreferCannotApply() {
        ChatRequest unavailable = chat("{\"routing\":{\"prefer\":\"anthropic\"}," + HELLO + "}");
        ChatRequest pinned = chat("{\"model\":\"gpt-4o\",\"routing\":{\"prefer\":\"anthropic\"}," + HELLO + "}");

        assertThat(router(1).decide(unavailable, RouteContext.of(ProviderId.GROQ, ProviderId.GEMINI)).prefer())
                .isEqualTo("not_applicable: anthropic is not available (not configured or failing)");
        assertThat(router(1).decide(pinned, RouteContext.all()).prefer())
                .isEqualTo("not_applicable: the request names its model");
        assertThat(router(1).decide(chat("{" + HELLO + "}"), RouteContext.all()).prefer()).isNull();
    }

    private static ChatRequest chat(String body) {
        return ChatRequestParser.parse(body.getBytes(StandardCharsets.UTF_8), false);
    }
}
