package xyz.pura.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import org.junit.jupiter.api.Test;
import xyz.pura.events.ProviderId;
import xyz.pura.events.chat.ChatRequest;
import xyz.pura.events.chat.ChatRequestParser;
import xyz.pura.gateway.health.ProviderHealth;
import xyz.pura.providers.Providers;
import xyz.pura.router.ModelCatalog;
import xyz.pura.router.QualityTable;
import xyz.pura.router.Router;
import xyz.pura.router.RouterConfig;
import xyz.pura.router.WeightTable;

/** The shared circuit measures the provider through the gateway's keys: it does not refuse a caller's own key. */
class RoutingTest {

    @Test
    void shouldRouteACallersOwnKeyToItsModelsProviderEvenWhileTheSharedCircuitIsOpen() {
        ProviderHealth health = new ProviderHealth(new Providers(new EnumMap<>(ProviderId.class)), 1, Duration.ofMinutes(10), Clock.systemUTC());
        health.breaker(ProviderId.OPENAI).onFailure();
        Routing routing = new Routing(new Router(ModelCatalog.load(), new QualityTable(), new WeightTable(),
                RouterConfig.defaults()), health);
        ChatRequest chat = ChatRequestParser.parse(
                "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"
                        .getBytes(StandardCharsets.UTF_8), false);

        assertThat(health.breaker(ProviderId.OPENAI).available()).isFalse();
        assertThat(routing.decide(chat, true).provider()).isEqualTo(ProviderId.OPENAI);
    }
}
