package xyz.pura.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import xyz.pura.events.ProviderId;
import xyz.pura.events.Tier;

class ModelCatalogTest {
    private final ModelCatalog catalog = ModelCatalog.load();

    @Test
    void shouldHaveADefaultModelForEveryProviderOfEveryTier() {
        for (Tier tier : Tier.values()) {
            for (ProviderId p : catalog.tierOrder(tier)) {
                CatalogModel m = catalog.defaultModel(p, tier);
                assertThat(m.provider()).isEqualTo(p);
                assertThat(catalog.providerOf(m.id())).contains(p);
            }
        }
        assertThat(catalog.tierOrder(Tier.PREMIUM)).containsExactly(ProviderId.ANTHROPIC, ProviderId.OPENAI);
        assertThat(catalog.tierOrder(Tier.CHEAP)).containsExactly(ProviderId.GROQ, ProviderId.GEMINI);
    }

    @Test
    void shouldMapModelNamesToProvidersByPrefix() {
        assertThat(catalog.providerOf("gpt-4o")).contains(ProviderId.OPENAI);
        assertThat(catalog.providerOf("o3")).contains(ProviderId.OPENAI);
        assertThat(catalog.providerOf("o4-mini")).contains(ProviderId.OPENAI);
        assertThat(catalog.providerOf("orca-2")).isEmpty();
        assertThat(catalog.providerOf("claude-sonnet-4-20250514")).contains(ProviderId.ANTHROPIC);
        assertThat(catalog.providerOf("gemma2-9b-it")).contains(ProviderId.GROQ);
        assertThat(catalog.providerOf("gemini-2.5-pro")).contains(ProviderId.GEMINI);
    }

    @Test
    void shouldListModelsWithTierContextWindowAndPriceKey() {
        CatalogModel gpt4o = catalog.find("gpt-4o").orElseThrow();

        assertThat(gpt4o.tier()).isEqualTo(Tier.MID);
        assertThat(gpt4o.contextWindow()).isEqualTo(128_000);
        assertThat(gpt4o.priceKey()).isEqualTo("gpt-4o");
        assertThat(catalog.models()).extracting(CatalogModel::provider).contains(ProviderId.values());
    }

    @Test
    void shouldRejectACatalogWhoseTierListsAProviderWithoutADefault() {
        String json = "{\"tiers\":{\"cheap\":[\"groq\"],\"mid\":[],\"premium\":[\"groq\"]},\"prefixes\":{},"
                + "\"providers\":{\"openai\":{\"defaults\":{},\"models\":[]},\"anthropic\":{\"defaults\":{},\"models\":[]},"
                + "\"groq\":{\"defaults\":{\"cheap\":\"l\"},\"models\":[{\"id\":\"l\",\"tier\":\"cheap\",\"contextWindow\":8,\"priceKey\":\"l\"}]},"
                + "\"gemini\":{\"defaults\":{},\"models\":[]}}}";

        assertThatThrownBy(() -> ModelCatalog.fromJson(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("premium");
    }
}
