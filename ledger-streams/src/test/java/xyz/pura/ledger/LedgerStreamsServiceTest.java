package xyz.pura.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import xyz.pura.events.Usd;

class LedgerStreamsServiceTest {

    @Test
    void shouldRunExactlyOnceWithStateUnderTheDataDir() {
        Properties p = LedgerStreamsService.streamsProperties("localhost:9092", Path.of("/tmp/pura-data"),
                LedgerConfig.defaults());

        assertThat(p.get(StreamsConfig.APPLICATION_ID_CONFIG)).isEqualTo("pura-ledger");
        assertThat(p.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG)).isEqualTo(StreamsConfig.EXACTLY_ONCE_V2);
        assertThat(p.get(StreamsConfig.STATE_DIR_CONFIG)).isEqualTo("/tmp/pura-data/streams");
        // until the app decides the replication, the broker's defaults
        assertThat(p.get(StreamsConfig.REPLICATION_FACTOR_CONFIG)).isEqualTo(-1);
        assertThat(p).doesNotContainKey(StreamsConfig.topicPrefix("min.insync.replicas"));
    }

    @Test
    void shouldGiveTheInternalTopicsTheReplicationOfItsConfig() {
        // given the replication the app decided for Pura's topics
        LedgerConfig config = LedgerConfig.defaults().withInternalTopics(new LedgerConfig.InternalTopics(3, 2));

        // when
        Properties p = LedgerStreamsService.streamsProperties("localhost:9092", Path.of("/tmp/pura-data"), config);

        // then changelogs and repartition topics are created with it
        assertThat(p.get(StreamsConfig.REPLICATION_FACTOR_CONFIG)).isEqualTo(3);
        assertThat(p.get(StreamsConfig.topicPrefix("min.insync.replicas"))).isEqualTo("2");
        assertThat(new StreamsConfig(p).getInt(StreamsConfig.REPLICATION_FACTOR_CONFIG)).isEqualTo(3);
        assertThatThrownBy(() -> new LedgerConfig.InternalTopics(2, 3)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldReadTheDefaultDailyBudgetFromTheEnvironment() {
        assertThat(LedgerConfig.fromEnv(Map.of()).defaultDailyBudget()).isEqualTo(Usd.parse("10"));
        assertThat(LedgerConfig.fromEnv(Map.of("PURA_DAILY_BUDGET_USD", "0.01")).defaultDailyBudget().nanos())
                .isEqualTo(10_000_000L);
        assertThatThrownBy(() -> LedgerConfig.fromEnv(Map.of("PURA_DAILY_BUDGET_USD", "ten")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PURA_DAILY_BUDGET_USD");
    }

    @Test
    void shouldReadTheFreeRequestsAndTheStaticSatsRateFromTheEnvironment() {
        LedgerConfig defaults = LedgerConfig.fromEnv(Map.of());
        assertThat(defaults.freeRequests()).isEqualTo(5000);
        assertThat(defaults.satsPerUsd().msatPerUsd()).isEqualTo(1_100_000);

        LedgerConfig set = LedgerConfig.fromEnv(Map.of("PURA_FREE_REQUESTS", "3", "PURA_SATS_PER_USD", "1234.567"));
        assertThat(set.freeRequests()).isEqualTo(3);
        assertThat(set.satsPerUsd().msatPerUsd()).isEqualTo(1_234_567);
        assertThat(LedgerConfig.fromEnv(Map.of("PURA_FREE_REQUESTS", "0")).freeRequests()).isZero();

        assertThatThrownBy(() -> LedgerConfig.fromEnv(Map.of("PURA_FREE_REQUESTS", "-1")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PURA_FREE_REQUESTS");
        assertThatThrownBy(() -> LedgerConfig.fromEnv(Map.of("PURA_FREE_REQUESTS", "many")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PURA_FREE_REQUESTS");
        assertThatThrownBy(() -> LedgerConfig.fromEnv(Map.of("PURA_SATS_PER_USD", "0.0001")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PURA_SATS_PER_USD");
        assertThatThrownBy(() -> LedgerConfig.fromEnv(Map.of("PURA_SATS_PER_USD", "-5")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PURA_SATS_PER_USD");
    }

    @Test
    void shouldDescribeTheTopologyWithItsNamedStores() {
        String description = LedgerTopology.build(LedgerConfig.defaults()).describe().toString();

        assertThat(description).contains(LedgerTopology.DEDUP_STORE, LedgerTopology.ACCOUNT_STORE,
                LedgerTopology.REPORT_STORE, LedgerTopology.QUALITY_STORE, LedgerTopology.SETTLED_STORE,
                LedgerTopology.RECENT_STORE, LedgerTopology.SPEND_VIEW_STORE, "pura.wallet", "pura.ledger", "pura.spend",
                "pura.quality");
    }
}
