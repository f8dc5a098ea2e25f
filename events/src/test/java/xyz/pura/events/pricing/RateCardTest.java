package xyz.pura.events.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import xyz.pura.events.Usd;

class RateCardTest {
    private final RateCard card = RateCard.current();

    @Test
    void shouldLoadTheCurrentVersionNamedByItsFile() {
        assertThat(card.version()).isEqualTo("2026-12-07.1");
        assertThat(RateCard.load("2026-12-07.1")).isSameAs(card);
        assertThat(RateCard.load("2026-12-07")).as("a published version stays loadable").isNotSameAs(card);
        assertThat(RateCard.load("2026-11-25")).as("a published version stays loadable").isNotSameAs(card);
    }

    @Test
    void shouldPriceEmbeddingModelsByTheirInputAlone() {
        // given the embedding prices per 1M input tokens: 3-small $0.02, 3-large $0.13, ada-002 $0.10, gemini $0.15
        // when a million input tokens are priced on each, then they cost exactly that, and output costs nothing
        assertThat(card.cost("text-embedding-3-small", 1_000_000, 0)).isEqualTo(Usd.parse("0.02"));
        assertThat(card.cost("text-embedding-3-large", 1_000_000, 0)).isEqualTo(Usd.parse("0.13"));
        assertThat(card.cost("text-embedding-ada-002", 1_000_000, 0)).isEqualTo(Usd.parse("0.10"));
        assertThat(card.cost("gemini-embedding-001", 1_000_000, 0)).isEqualTo(Usd.parse("0.15"));
        // 7 tokens on 3-small: 7 x 20 nano-USD
        assertThat(card.cost("text-embedding-3-small", 7, 0).nanos()).isEqualTo(140);
        assertThat(card.price("text-embedding-3-large").fallback()).isFalse();
        assertThat(card.cost("text-embedding-3-small", 0, 1_000)).isEqualTo(Usd.ZERO);
        // the version before them still prices every chat model the same
        assertThat(RateCard.load("2026-12-07").cost("gpt-5", 1_234, 567)).isEqualTo(card.cost("gpt-5", 1_234, 567));
    }

    @Test
    void shouldPriceEveryBilledComponentAtItsOwnPrice() {
        // claude-sonnet-4-5: input $3, cache read $0.30, 5 m write $3.75, 1 h write $6, output $15 per 1M
        TokenUsage usage = new TokenUsage(10_000, 4_000, 2_000, 1_000, 3_000, 0);
        long expected = 3_000 * 3_000L      // 3,000 uncached input tokens x 3,000 nano-USD per token
                + 4_000 * 300L              // cache reads
                + 2_000 * 3_750L            // 5-minute writes
                + 1_000 * 6_000L            // 1-hour writes
                + 3_000 * 15_000L;          // output
        assertThat(card.cost("claude-sonnet-4-5", usage).nanos()).isEqualTo(expected);
        // gpt-5: reasoning is billed as output; cache reads at $0.125
        TokenUsage reasoning = new TokenUsage(2_000, 1_024, 0, 0, 1_500, 1_200);
        assertThat(card.cost("gpt-5", reasoning).nanos()).isEqualTo(976 * 1_250L + 1_024 * 125L + 1_500 * 10_000L);
        // without cache or reasoning, the component price is the plain price
        assertThat(card.cost("gpt-4o", TokenUsage.of(1_234, 567))).isEqualTo(card.cost("gpt-4o", 1_234, 567));
    }

    @Test
    void shouldRefuseComponentsBeyondTheirSide() {
        assertThatThrownBy(() -> new TokenUsage(10, 8, 3, 0, 5, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TokenUsage(10, 0, 0, 0, 5, 6)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldPriceKnownTokenCountsToTheExactNanoDollar() {
        // gpt-4o: $2.50 / 1M input, $10.00 / 1M output
        // 1234 * 2_500_000_000 / 1e6 = 3_085_000 ; 567 * 10_000_000_000 / 1e6 = 5_670_000
        assertThat(card.cost("gpt-4o", 1234, 567)).isEqualTo(Usd.ofNanos(8_755_000));
        assertThat(card.cost("gpt-4o", 1234, 567).toString()).isEqualTo("0.008755000");
        // claude-opus-4-1: $15 / $75 per 1M: one token each side is 15_000 + 75_000 nano-USD
        assertThat(card.cost("claude-opus-4-1", 1, 1)).isEqualTo(Usd.ofNanos(90_000));
        // gemini-2.0-flash-lite: $0.075 in: 1_000_000 tokens cost exactly $0.075
        assertThat(card.cost("gemini-2.0-flash-lite", 1_000_000, 0)).isEqualTo(Usd.parse("0.075"));
    }

    @Test
    void shouldPriceCachedInputAtTheCachedPrice() {
        // gpt-4o: 1000 input of which 400 cached: 600 * 2500 + 400 * 1250 = 2_000_000 nano-USD
        assertThat(card.cost("gpt-4o", 1000, 400, 0)).isEqualTo(Usd.ofNanos(2_000_000));
        // groq has no cached price: cached tokens cost the input price
        assertThat(card.cost("llama-3.3-70b-versatile", 1000, 400, 0)).isEqualTo(card.cost("llama-3.3-70b-versatile", 1000, 0));
    }

    @Test
    void shouldRoundEachSideUpToTheWholeNanoDollar() {
        assertThat(RateCard.side(3, 333_333)).isEqualTo(1); // 0.999999 -> 1
        assertThat(RateCard.side(1_000_000, 333_333)).isEqualTo(333_333);
        assertThat(RateCard.side(0, 75_000_000_000L)).isZero();
    }

    @Test
    void shouldFallBackToTheProviderPriceForAnUnknownModel() {
        ModelPrice p = card.price("gpt-7-turbo");
        assertThat(p.fallback()).isTrue();
        assertThat(p.provider()).isEqualTo("openai");
        assertThat(card.cost("gpt-7-turbo", 1000, 1000)).isEqualTo(card.cost("gpt-4o", 1000, 1000));
        assertThat(card.price("claude-9-giant").provider()).isEqualTo("anthropic");
        assertThat(card.price("gemma3-27b").provider()).isEqualTo("groq");
        assertThat(card.price("gemini-9-ultra").provider()).isEqualTo("gemini");
    }

    @Test
    void shouldPriceDatedSnapshotsAndAliasesLikeTheirModel() {
        assertThat(card.price("gpt-4o-mini-2024-07-18").model()).isEqualTo("gpt-4o-mini");
        assertThat(card.price("gpt-4o-2024-08-06").model()).isEqualTo("gpt-4o");
        assertThat(card.price("claude-sonnet-4").model()).isEqualTo("claude-sonnet-4-20250514");
        assertThat(card.price("o3-mini").fallback()).isFalse();
    }

    @Test
    void shouldRefuseAModelThatNamesNoProvider() {
        assertThatThrownBy(() -> card.cost("mistral-large", 1, 1)).isInstanceOf(UnknownModelException.class);
    }

    @Test
    void shouldReserveInputPlusTheMostOutputTheRequestMayProduce() {
        assertThat(card.reservation("gpt-4o", 100, 50)).isEqualTo(card.cost("gpt-4o", 100, 50));
        assertThat(card.reservation("gpt-4o", 100, null)).isEqualTo(card.cost("gpt-4o", 100, card.defaultMaxOutputTokens()));
        assertThat(card.cost("gpt-4o", 100, 49)).isLessThan(card.reservation("gpt-4o", 100, 50));
    }

    @Test
    void shouldPriceEveryCatalogModel() {
        for (String model : new String[]{"gpt-4o", "gpt-4o-mini", "gpt-4.1", "gpt-4.1-mini", "o3", "o4-mini",
                "claude-sonnet-4-20250514", "claude-3-5-haiku-latest", "claude-opus-4-1", "claude-3-7-sonnet-latest",
                "llama-3.3-70b-versatile", "llama-3.1-8b-instant", "mixtral-8x7b-32768", "gemma2-9b-it",
                "gemini-2.0-flash", "gemini-2.0-flash-lite", "gemini-2.5-pro", "gemini-2.5-flash"}) {
            ModelPrice p = card.price(model);
            assertThat(p.fallback()).as(model).isFalse();
            assertThat(p.inputNanoPerMillion()).as(model).isPositive();
            assertThat(p.outputNanoPerMillion()).as(model).isPositive();
            assertThat(ModelProviders.providerOf(model).orElseThrow().wireName()).as(model).isEqualTo(p.provider());
        }
    }
}
