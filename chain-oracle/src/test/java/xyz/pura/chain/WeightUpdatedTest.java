package xyz.pura.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import xyz.pura.events.EventSchemas;
import xyz.pura.events.Json;
import xyz.pura.events.ProviderId;
import xyz.pura.events.Topics;
import xyz.pura.events.WeightUpdated;

/** The event the oracle publishes: schema, serde round trip, share in ppm, event ids. */
class WeightUpdatedTest {
    private static final Instant AT = Instant.parse("2026-11-25T10:00:00Z");
    private final WeightUpdated fresh = WeightUpdated.fresh(ProviderId.GROQ, 300, 400, 12, Fixtures.CHAIN_ID,
            ChainOracleConfig.DEFAULT_POOL_ADDRESS, AT, AT);

    @Test
    void shouldValidateAgainstTheWeightsSchemaFreshAndStale() {
        for (WeightUpdated w : new WeightUpdated[] {fresh, fresh.asStale(AT.plusSeconds(900))}) {
            JsonNode json = Json.mapper().valueToTree(w);
            assertThat(EventSchemas.validate(Topics.WEIGHTS, json)).isEmpty();
        }
    }

    @Test
    void shouldRoundTripThroughTheTopicSerde() {
        byte[] bytes = Topics.WEIGHTS.valueSerde().serialize(Topics.WEIGHTS.name(), fresh);
        assertThat(Topics.WEIGHTS.valueSerde().deserialize(Topics.WEIGHTS.name(), bytes)).isEqualTo(fresh);
        assertThat(new String(bytes, java.nio.charset.StandardCharsets.UTF_8)).doesNotContain("providerId");
    }

    @Test
    void shouldCarryADeterministicEventIdAndKeepTheObservationWhenStale() {
        WeightUpdated stale = fresh.asStale(AT.plusSeconds(900));
        assertThat(fresh.eventId()).isEqualTo("84532:12:groq");
        assertThat(stale.eventId()).isEqualTo("84532:12:groq:stale");
        assertThat(stale).extracting(WeightUpdated::units, WeightUpdated::observedAt, WeightUpdated::occurredAt,
                WeightUpdated::stale).containsExactly(300L, AT, AT.plusSeconds(900), true);
    }

    @Test
    void shouldComputeTheShareInPartsPerMillionExactly() {
        assertThat(fresh.sharePpm()).isEqualTo(750_000);
        assertThat(WeightUpdated.sharePpm(1, 3)).isEqualTo(333_333);
        assertThat(WeightUpdated.sharePpm(0, 0)).isZero();
        assertThat(WeightUpdated.sharePpm(Long.MAX_VALUE, Long.MAX_VALUE)).isEqualTo(1_000_000);
        assertThatThrownBy(() -> WeightUpdated.fresh(ProviderId.GROQ, 5, 4, 1, 1, null, AT, AT))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
