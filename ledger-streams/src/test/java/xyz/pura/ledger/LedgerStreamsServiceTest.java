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
        Properties p = LedgerStreamsService.streamsProperties("localhost:9092", Path.of("/tmp/pura-data"));

        assertThat(p.get(StreamsConfig.APPLICATION_ID_CONFIG)).isEqualTo("pura-ledger");
        assertThat(p.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG)).isEqualTo(StreamsConfig.EXACTLY_ONCE_V2);
        assertThat(p.get(StreamsConfig.STATE_DIR_CONFIG)).isEqualTo("/tmp/pura-data/streams");
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
    void shouldDescribeTheTopologyWithItsNamedStores() {
        String description = LedgerTopology.build(LedgerConfig.defaults()).describe().toString();

        assertThat(description).contains(LedgerTopology.DEDUP_STORE, LedgerTopology.ACCOUNT_STORE,
                LedgerTopology.REPORT_STORE, LedgerTopology.QUALITY_STORE, "pura.ledger", "pura.spend", "pura.quality");
    }
}
