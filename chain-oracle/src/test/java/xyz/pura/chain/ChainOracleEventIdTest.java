package xyz.pura.chain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import xyz.pura.events.ProviderId;
import xyz.pura.events.WeightUpdated;

/** One event id never names two contents: changes at an already published block wait for the next block. */
class ChainOracleEventIdTest {
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-25T10:00:00Z"));
    private final FakePool pool = new FakePool(Fixtures.CHAIN_ID);
    private final InMemoryPublisher published = new InMemoryPublisher();
    private final ChainOracle oracle = new ChainOracle(Fixtures.config("http://127.0.0.1:1", Fixtures.CHAIN_ID,
            PoolKind.GDA, ChainOracleConfig.DEFAULT_POOL_ADDRESS, Duration.ofSeconds(60)), pool, published, new Clock() {
                @Override
                public ZoneId getZone() {
                    return ZoneId.of("UTC");
                }

                @Override
                public Clock withZone(ZoneId zone) {
                    return this;
                }

                @Override
                public Instant instant() {
                    return now.get();
                }
            });

    @Test
    void shouldPublishAChangeAtTheSameHeightOnlyOnceTheChainAdvances() {
        // Given openai published at block 1
        pool.set(ProviderId.OPENAI, 100);
        oracle.pollOnce();

        // When a reorg at the same height changes the units
        pool.replace(ProviderId.OPENAI, 200);
        oracle.pollOnce();

        // Then nothing is published under the same event id; the next block carries the new value
        assertThat(published.events()).hasSize(1);
        pool.mine();
        oracle.pollOnce();
        assertThat(published.events()).extracting(WeightUpdated::eventId, WeightUpdated::units)
                .containsExactly(org.assertj.core.api.Assertions.tuple("84532:1:openai", 100L),
                        org.assertj.core.api.Assertions.tuple("84532:2:openai", 200L));
    }

    @Test
    void shouldMarkStaleOnceAfterTheMaxAgeAndRecoverAtANewerBlock() {
        // Given published weights, then the RPC down for longer than the stale age
        pool.set(ProviderId.OPENAI, 100);
        oracle.pollOnce();
        pool.down(true);
        oracle.pollOnce();
        now.set(now.get().plusSeconds(61));
        oracle.pollOnce();
        oracle.pollOnce();

        // Then one stale mark with the last value and the original observation time
        assertThat(published.stale()).singleElement().extracting(WeightUpdated::eventId, WeightUpdated::units,
                WeightUpdated::observedAt).containsExactly("84532:1:openai:stale", 100L, Instant.parse("2026-11-25T10:00:00Z"));
        assertThat(oracle.health().stale()).isTrue();

        // When the RPC returns at the same block: no fresh event yet (its id was used); at the next block: one
        pool.down(false);
        oracle.pollOnce();
        assertThat(published.events()).hasSize(2);
        assertThat(oracle.health().stale()).isFalse();
        pool.mine();
        oracle.pollOnce();
        assertThat(published.events()).hasSize(3).last().extracting(WeightUpdated::eventId, WeightUpdated::stale)
                .containsExactly("84532:2:openai", false);
    }
}
