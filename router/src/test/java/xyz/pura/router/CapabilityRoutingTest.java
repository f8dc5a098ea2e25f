package xyz.pura.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import xyz.pura.events.ProviderId;
import xyz.pura.events.chat.ChatRequest;
import xyz.pura.events.chat.ChatRequestParser;
import xyz.pura.events.chat.InvalidRequestException;

/**
 * Capabilities drive routing: the router only picks, and the plan only falls back to, models that take what a
 * request needs (the catalog's {@code takes}); a request no available model can serve is a 400 naming the need.
 */
class CapabilityRoutingTest {
    private static final String HELLO = "{\"role\":\"user\",\"content\":\"Say hello.\"}";
    private final Router router = new Router(ModelCatalog.load(), new QualityTable(), new WeightTable(),
            RouterConfig.defaults().withSeed(7));

    @Test
    void shouldRouteAnNAboveOneOnlyToModelsThatReturnSeveralChoices() {
        ChatRequest twoChoices = chat("{\"n\":2,\"messages\":[" + HELLO + "]}");

        for (int i = 0; i < 200; i++) {
            RoutingDecision d = router.decide(twoChoices, RouteContext.all());
            assertThat(d.provider()).isIn(ProviderId.OPENAI, ProviderId.GEMINI);
            assertThat(d.fallbacks()).allSatisfy(t -> assertThat(t.provider()).isIn(ProviderId.OPENAI, ProviderId.GEMINI));
        }
    }

    @Test
    void shouldWidenTheTierToFindAModelThatGivesLogprobs() {
        ChatRequest logprobs = chat("{\"logprobs\":true,\"top_logprobs\":2,\"messages\":[" + HELLO + "]}");

        RoutingDecision d = router.decide(logprobs, RouteContext.all());

        assertThat(d.provider()).isEqualTo(ProviderId.OPENAI);
        assertThat(router.catalog().find(d.model()).orElseThrow().takes()).contains(Capability.LOGPROBS);
        assertThat(d.fallbacks()).isEmpty();
    }

    @Test
    void shouldRefuseANeedNoAvailableModelServesWithA400NamingIt() {
        ChatRequest reasoning = chat("{\"reasoning_effort\":\"high\",\"messages\":[" + HELLO + "]}");

        assertThatThrownBy(() -> router.decide(reasoning, RouteContext.of(ProviderId.GROQ)))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                    assertThat(e.code()).isEqualTo("unsupported_feature");
                    assertThat(e.param()).isEqualTo("reasoning_effort");
                    assertThat(e.getMessage()).contains("reasoning_effort");
                });
    }

    @Test
    void shouldSendAnAudioPartOnlyToAModelThatTakesAudioAndRefuseItWhenNoneIsAvailable() {
        ChatRequest audio = chat("{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"What is said?\"},"
                + "{\"type\":\"input_audio\",\"input_audio\":{\"data\":\"UklGRg==\",\"format\":\"wav\"}}]}]}");

        RoutingDecision d = router.decide(audio, RouteContext.all());
        assertThat(d.provider()).isEqualTo(ProviderId.GEMINI);
        assertThat(d.fallbacks()).allSatisfy(t -> assertThat(t.provider()).isEqualTo(ProviderId.GEMINI));
        assertThatThrownBy(() -> router.decide(audio, RouteContext.of(ProviderId.OPENAI, ProviderId.GROQ, ProviderId.ANTHROPIC)))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                    assertThat(e.code()).isEqualTo("unsupported_feature");
                    assertThat(e.param()).isEqualTo("messages");
                });
    }

    @Test
    void shouldRefuseAnExplicitModelThatDoesNotTakeWhatTheRequestNeeds() {
        ChatRequest pinned = chat("{\"model\":\"llama-3.3-70b-versatile\",\"n\":3,\"messages\":[" + HELLO + "]}");

        assertThatThrownBy(() -> router.decide(pinned, RouteContext.all()))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                    assertThat(e.param()).isEqualTo("n");
                    assertThat(e.getMessage()).contains("llama-3.3-70b-versatile");
                });
    }

    @Test
    void shouldLetAnUnlistedModelNameDecideForItself() {
        ChatRequest pinned = chat("{\"model\":\"gpt-4o-2099-preview\",\"n\":3,\"logprobs\":true,\"messages\":[" + HELLO + "]}");

        assertThat(router.decide(pinned, RouteContext.all()).model()).isEqualTo("gpt-4o-2099-preview");
    }

    @Test
    void shouldNotChangeTheRoutingOfARequestThatNeedsNothingSpecial() {
        ChatRequest plain = chat("{\"messages\":[" + HELLO + "]}");

        assertThat(router.decide(plain, RouteContext.all()).provider()).isIn(ProviderId.GROQ, ProviderId.GEMINI);
    }

    private static ChatRequest chat(String body) {
        return ChatRequestParser.parse(body.getBytes(StandardCharsets.UTF_8), false);
    }
}
