package xyz.pura.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import xyz.pura.chain.ChainOracleConfig;
import xyz.pura.chain.PoolKind;
import xyz.pura.events.ProviderId;
import xyz.pura.events.SatsRate;
import xyz.pura.events.Usd;
import xyz.pura.journal.Spool;
import xyz.pura.lightning.BackendKind;
import xyz.pura.lightning.LightningConfig;
import xyz.pura.providers.ProviderConfig;

/** The launcher's settings: read once from the environment, validated at once, printed without secrets. */
class SettingsTest {

    @Test
    void shouldTakeTheReadmeDefaultsFromAnEmptyEnvironment() {
        PuraConfig c = PuraConfig.fromEnv(Map.of());

        assertThat(c.dataDir()).isEqualTo(Path.of(".pura-data").toAbsolutePath());
        assertThat(c.bootstrapServers()).isNull();
        assertThat(c.roles()).containsExactlyInAnyOrder(Role.INGRESS, Role.LEDGER, Role.ORACLE);
        DoorSettings door = c.door();
        assertThat(door.host()).isEqualTo("127.0.0.1");
        assertThat(door.port()).isEqualTo(8080);
        assertThat(door.maxBodyBytes()).isEqualTo(4_194_304);
        assertThat(door.maxInFlight()).isEqualTo(2000);
        assertThat(door.bodyReadTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(door.minRequestBytesPerSecond()).isEqualTo(1024);
        assertThat(door.streamWriteTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(door.keyCreationAdminOnly()).isFalse();
        assertThat(door.trustedProxies()).isNull();
        assertThat(door.keysPerMinutePerAddress()).isEqualTo(10);
        assertThat(door.freeTierKeysPerAddress()).isEqualTo(3);
        AdmissionSettings admission = c.admission();
        assertThat(admission.dailyBudget()).isEqualTo(Usd.parse("10"));
        assertThat(admission.rateLimitPerMinute()).isZero();
        assertThat(admission.freeTierDailyUsd()).isEqualTo(Usd.parse("100"));
        assertThat(admission.defaultOutputTokens()).isEqualTo(512);
        assertThat(admission.admissionWait()).isEqualTo(Duration.ofMillis(2000));
        assertThat(c.journal()).isEqualTo(new JournalSettings(Spool.Sync.NONE, 20_000, 3, 0, 0, false));
        assertThat(c.wallet().pollInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(c.wallet().fundPerMinutePerKey()).isEqualTo(10);
        assertThat(c.wallet().maxPendingInvoicesPerKey()).isEqualTo(5);
        assertThat(c.wallet().backend().kind()).isEqualTo(BackendKind.DEV);
        assertThat(c.breaker()).isEqualTo(new BreakerSettings(5, Duration.ofSeconds(30)));
        assertThat(c.ledger().freeRequests()).isEqualTo(5000);
        assertThat(c.ledger().satsPerUsd()).isEqualTo(SatsRate.parseSatsPerUsd("1100"));
        assertThat(c.ledger().defaultDailyBudget()).isEqualTo(Usd.parse("10"));
        assertThat(c.router().explorationRate()).isEqualTo(0.05);
        assertThat(c.router().degradedExplorationRate()).isEqualTo(0.10);
        assertThat(c.providers().simulated()).isTrue();
        assertThat(c.providers().readTimeout()).isEqualTo(Duration.ofSeconds(120));
        assertThat(c.simulator().firstTokenLatency()).isEqualTo(Duration.ofMillis(20));
        assertThat(c.simulator().tokenDelay()).isEqualTo(Duration.ofMillis(5));
        ChainOracleConfig chain = c.chain();
        assertThat(chain.rpcUrl()).isEqualTo(URI.create("https://sepolia.base.org"));
        assertThat(chain.chainId()).isEqualTo(84532);
        assertThat(chain.poolKind()).isEqualTo(PoolKind.BACKPRESSURE);
        assertThat(chain.poolAddress()).isEqualToIgnoringCase("0x8a1F99E32d6D3d79d8AaF275000d6cBb57A8aF6a");
        assertThat(chain.taskTypeId()).isEqualTo("0x" + "0".repeat(63) + "1");
        assertThat(chain.members()).isEmpty();
        assertThat(chain.pollInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(chain.staleAfter()).isEqualTo(Duration.ofSeconds(900));
        assertThat(chain.rpcTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.ledgerUrl()).isNull();
        assertThat(c.adminToken()).isNull();
    }

    @Test
    void shouldTakeTheReadmeProviderBaseUrlsOnceAKeyIsSet() {
        PuraConfig c = PuraConfig.fromEnv(Map.of("GROQ_API_KEY", "gsk_x"));

        assertThat(c.providers().simulated()).isFalse();
        assertThat(c.simulator()).isNull();
        Map<ProviderId, ProviderConfig> p = c.providers().configured();
        assertThat(p.get(ProviderId.OPENAI).baseUrl()).isEqualTo("https://api.openai.com/v1");
        assertThat(p.get(ProviderId.ANTHROPIC).baseUrl()).isEqualTo("https://api.anthropic.com");
        assertThat(p.get(ProviderId.GROQ).baseUrl()).isEqualTo("https://api.groq.com");
        assertThat(p.get(ProviderId.GEMINI).baseUrl()).isEqualTo("https://generativelanguage.googleapis.com");
        assertThat(c.providers().hasKey(ProviderId.GROQ)).isTrue();
        assertThat(c.providers().hasKey(ProviderId.OPENAI)).isFalse();
    }

    @Test
    void shouldHandEachVariableToTheSettingThatUsesIt() {
        Map<String, String> env = new HashMap<>();
        env.put("PURA_HOST", "0.0.0.0");
        env.put("PURA_PORT", "0");
        env.put("KAFKA_BOOTSTRAP_SERVERS", "kafka:9092");
        env.put("PURA_DAILY_BUDGET_USD", "7.5");
        env.put("PURA_MAX_IN_FLIGHT", "17");
        env.put("PURA_BODY_READ_TIMEOUT_SECONDS", "4");
        env.put("PURA_KEY_CREATION", " Admin ");
        env.put("PURA_TRUSTED_PROXIES", "10.0.0.0/8, ::1");
        env.put("PURA_FREE_TIER_KEYS_PER_ADDRESS", "-1");
        env.put("PURA_RATE_LIMIT_RPM", "60");
        env.put("PURA_ADMISSION_WAIT_MS", "0");
        env.put("PURA_SPOOL_SYNC", "group");
        env.put("PURA_MAX_UNACKED_EVENTS", "99");
        env.put("PURA_TOPIC_PARTITIONS", "1");
        env.put("PURA_TOPIC_REPLICATION_FACTOR", "2");
        env.put("PURA_TOPIC_MIN_INSYNC_REPLICAS", "2");
        env.put("PURA_TOPIC_FIX", "TRUE");
        env.put("PURA_WALLET_POLL_SECONDS", "9");
        env.put("PURA_MAX_PENDING_INVOICES_PER_KEY", "1");
        env.put("PURA_FREE_REQUESTS", "0");
        env.put("PURA_SATS_PER_USD", "2000");
        env.put("PURA_EXPLORATION_RATE", "0.6");
        env.put("PURA_UPSTREAM_TIMEOUT_SECONDS", "7");
        env.put("PURA_BREAKER_FAILURES", "2");
        env.put("PURA_SIM_TOKEN_DELAY_MS", "0");
        env.put("PURA_CHAIN_MEMBER_GROQ", "0x00000000000000000000000000000000000000AB");
        env.put("PURA_ROLES", "ingress");
        env.put("PURA_LEDGER_URL", "http://ledger:8080");
        env.put("PURA_ADMIN_TOKEN", "  tok  ");

        PuraConfig c = PuraConfig.fromEnv(env);

        assertThat(c.door().host()).isEqualTo("0.0.0.0");
        assertThat(c.door().port()).isZero();
        assertThat(c.bootstrapServers()).isEqualTo("kafka:9092");
        // one variable, read once by the ledger's settings, is the cap of new keys too
        assertThat(c.ledger().defaultDailyBudget()).isEqualTo(Usd.parse("7.5"));
        assertThat(c.admission().dailyBudget()).isEqualTo(Usd.parse("7.5"));
        assertThat(c.door().maxInFlight()).isEqualTo(17);
        assertThat(c.door().bodyReadTimeout()).isEqualTo(Duration.ofSeconds(4));
        assertThat(c.door().keyCreationAdminOnly()).isTrue();
        assertThat(c.door().clientAddresses()).isNotNull();
        assertThat(c.door().freeTierKeysPerAddress()).isEqualTo(-1);
        assertThat(c.admission().rateLimitPerMinute()).isEqualTo(60);
        assertThat(c.admission().admissionWait()).isZero();
        assertThat(c.journal()).isEqualTo(new JournalSettings(Spool.Sync.GROUP, 99, 1, 2, 2, true));
        assertThat(c.wallet().pollInterval()).isEqualTo(Duration.ofSeconds(9));
        assertThat(c.wallet().maxPendingInvoicesPerKey()).isEqualTo(1);
        assertThat(c.ledger().freeRequests()).isZero();
        assertThat(c.ledger().satsPerUsd()).isEqualTo(SatsRate.parseSatsPerUsd("2000"));
        assertThat(c.router().explorationRate()).isEqualTo(0.6);
        assertThat(c.router().degradedExplorationRate()).isEqualTo(1.0);
        assertThat(c.providers().readTimeout()).isEqualTo(Duration.ofSeconds(7));
        assertThat(c.breaker().failures()).isEqualTo(2);
        assertThat(c.simulator().tokenDelay()).isZero();
        assertThat(c.chain().members()).containsOnlyKeys(ProviderId.GROQ);
        assertThat(c.roles()).containsExactly(Role.INGRESS);
        assertThat(c.ledgerUrl()).isEqualTo("http://ledger:8080");
        assertThat(c.adminToken()).isEqualTo("tok");
    }

    @Test
    void shouldReportEveryBadValueInOneError() {
        Map<String, String> env = new HashMap<>();
        env.put("PURA_PORT", "eighty");
        env.put("PURA_BODY_READ_TIMEOUT_SECONDS", "0");
        env.put("PURA_MIN_REQUEST_BYTES_PER_SECOND", "-1");
        env.put("PURA_STREAM_WRITE_TIMEOUT_SECONDS", "0");
        env.put("PURA_KEY_CREATION", "closed");
        env.put("PURA_TRUSTED_PROXIES", "proxy.internal");
        env.put("PURA_ADMISSION_WAIT_MS", "-5");
        env.put("PURA_DEFAULT_OUTPUT_TOKENS", "0");
        env.put("PURA_FREE_TIER_DAILY_USD", "lots");
        env.put("PURA_SPOOL_SYNC", "always");
        env.put("PURA_TOPIC_REPLICATION_FACTOR", "2");
        env.put("PURA_TOPIC_MIN_INSYNC_REPLICAS", "3");
        env.put("PURA_TOPIC_FIX", "yes");
        env.put("PURA_MAX_PENDING_INVOICES_PER_KEY", "0");
        env.put("PURA_DAILY_BUDGET_USD", "ten");
        env.put("PURA_FREE_REQUESTS", "-3");
        env.put("PURA_SATS_PER_USD", "0");
        env.put("PURA_CHAIN_MEMBER_OPENAI", "0x12");
        env.put("PURA_CHAIN_STALE_SECONDS", "0");
        env.put("PURA_EXPLORATION_RATE", "2");
        env.put("PURA_ROLES", "web");
        env.put("PURA_LIGHTNING", "lnd");
        env.put("PURA_SIM_LATENCY_MS", "fast");

        List<String> expected = List.of(
                "PURA_PORT must be a whole number, not 'eighty'",
                "PURA_BODY_READ_TIMEOUT_SECONDS must be at least 1, not 0",
                "PURA_MIN_REQUEST_BYTES_PER_SECOND must be 0 or more, not -1",
                "PURA_STREAM_WRITE_TIMEOUT_SECONDS must be at least 1, not 0",
                "PURA_KEY_CREATION must be open or admin, not 'closed'",
                "PURA_TRUSTED_PROXIES: 'proxy.internal' is not an IP address or CIDR block",
                "PURA_ADMISSION_WAIT_MS must not be negative, not -5",
                "PURA_DEFAULT_OUTPUT_TOKENS must be between 1 and 1000000, not 0",
                "PURA_FREE_TIER_DAILY_USD must be a USD amount such as 10 or 2.50, not 'lots'",
                "PURA_SPOOL_SYNC must be none or group, not always",
                "PURA_TOPIC_FIX must be true or false, not 'yes'",
                "PURA_TOPIC_MIN_INSYNC_REPLICAS (3) must not exceed PURA_TOPIC_REPLICATION_FACTOR (2)",
                "PURA_MAX_PENDING_INVOICES_PER_KEY must be 1 or more, not 0",
                "PURA_DAILY_BUDGET_USD is not a decimal USD amount: ten",
                "PURA_FREE_REQUESTS is not a whole number of requests, 0 or more: -3",
                "PURA_SATS_PER_USD is not a decimal number of sats per USD above 0",
                "PURA_CHAIN_MEMBER_OPENAI must be 0x followed by 40 hex digits",
                "PURA_CHAIN_STALE_SECONDS must be > 0",
                "PURA_EXPLORATION_RATE must be between 0 and 1, not 2",
                "PURA_ROLES: unknown role 'web'",
                "PURA_LND_URL is required when PURA_LIGHTNING=lnd",
                "set exactly one of PURA_LND_MACAROON_HEX and PURA_LND_MACAROON_PATH",
                "PURA_SIM_LATENCY_MS: For input string: \"fast\"");

        assertThatThrownBy(() -> PuraConfig.fromEnv(env))
                .isInstanceOf(IllegalArgumentException.class)
                .satisfies(e -> {
                    assertThat(e.getMessage()).startsWith(expected.size() + " configuration problems:");
                    assertThat(e.getSuppressed()).hasSize(expected.size());
                    for (String problem : expected) {
                        assertThat(e.getMessage()).contains("\n- " + problem);
                    }
                });
    }

    @Test
    void shouldDeriveTheTopicReplicationFromTheClusterUnlessSet() {
        // given no replication variable set
        JournalSettings unset = PuraConfig.fromEnv(Map.of()).journal();

        // then the cluster decides: min(3, brokers) replicas, min ISR one less (at least 1)
        assertThat(unset.replication(1)).isEqualTo(new JournalSettings.Replication((short) 1, 1));
        assertThat(unset.replication(2)).isEqualTo(new JournalSettings.Replication((short) 2, 1));
        assertThat(unset.replication(3)).isEqualTo(new JournalSettings.Replication((short) 3, 2));
        assertThat(unset.replication(7)).isEqualTo(new JournalSettings.Replication((short) 3, 2));
        // and a set value wins, the other one following it
        JournalSettings rf2 = PuraConfig.fromEnv(Map.of("PURA_TOPIC_REPLICATION_FACTOR", "2")).journal();
        assertThat(rf2.replication(5)).isEqualTo(new JournalSettings.Replication((short) 2, 1));
        JournalSettings isr1 = PuraConfig.fromEnv(Map.of("PURA_TOPIC_MIN_INSYNC_REPLICAS", "1")).journal();
        assertThat(isr1.replication(3)).isEqualTo(new JournalSettings.Replication((short) 3, 1));
    }

    @Test
    void shouldFailTheStartWhenTheClusterCannotHoldTheAskedReplication() {
        // given more replicas asked than brokers, or a min ISR above the derived replication factor
        JournalSettings rf4 = PuraConfig.fromEnv(Map.of("PURA_TOPIC_REPLICATION_FACTOR", "4")).journal();
        JournalSettings isr3 = PuraConfig.fromEnv(Map.of("PURA_TOPIC_MIN_INSYNC_REPLICAS", "3")).journal();

        // then deciding against the cluster fails, naming the variable
        assertThatThrownBy(() -> rf4.replication(3)).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("PURA_TOPIC_REPLICATION_FACTOR is 4 but the Kafka cluster has 3 brokers");
        assertThatThrownBy(() -> isr3.replication(2)).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("PURA_TOPIC_MIN_INSYNC_REPLICAS is 3 but the replication factor is 2 (derived "
                        + "from 2 brokers; PURA_TOPIC_REPLICATION_FACTOR is unset)");
        assertThatThrownBy(() -> PuraConfig.fromEnv(Map.of("PURA_TOPIC_REPLICATION_FACTOR", "0")))
                .hasMessage("PURA_TOPIC_REPLICATION_FACTOR must be 1 or more (unset: derived from the cluster), not '0'");
    }

    @Test
    void shouldKeepTheMessageOfASingleBadValue() {
        assertThatThrownBy(() -> PuraConfig.fromEnv(Map.of("PURA_MAX_IN_FLIGHT", "many")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("PURA_MAX_IN_FLIGHT must be a whole number, not 'many'");
        assertThatThrownBy(() -> PuraConfig.fromEnv(Map.of("PURA_ROLES", "ingress")))
                .hasMessage("PURA_ROLES has ingress without ledger: set PURA_LEDGER_URL to the ledger process "
                        + "(its PURA_PORT), e.g. http://ledger:8080");
    }

    @Test
    void shouldPrintNoSecret() {
        String openAi = "sk-openai-secret-0123456789";
        String google = "AIza-google-secret-0123456789";
        String admin = "admin-secret-token-abcdef";
        String lnbitsKey = "lnbits-secret-key-abcdef";
        String rpcKey = "alchemy-secret-abcdef";
        String ledgerPassword = "ledger-password-abcdef";
        Map<String, String> env = new HashMap<>();
        env.put("OPENAI_API_KEY", openAi);
        env.put("GOOGLE_API_KEY", google);
        env.put("PURA_ADMIN_TOKEN", admin);
        env.put("PURA_LIGHTNING", "lnbits");
        env.put("PURA_LNBITS_URL", "https://lnbits.example.org");
        env.put("PURA_LNBITS_API_KEY", lnbitsKey);
        env.put("PURA_CHAIN_RPC_URL", "https://base-sepolia.g.alchemy.com/v2/" + rpcKey);
        env.put("PURA_LEDGER_URL", "http://pura:" + ledgerPassword + "@ledger:8080/x?token=" + ledgerPassword);
        PuraConfig lnbits = PuraConfig.fromEnv(env);

        String macaroon = "0123456789abcdef".repeat(4);
        env.put("PURA_LIGHTNING", "lnd");
        env.put("PURA_LND_URL", "https://127.0.0.1:8080");
        env.put("PURA_LND_MACAROON_HEX", macaroon);
        PuraConfig lnd = PuraConfig.fromEnv(env);
        assertThat(lnd.wallet().backend()).isInstanceOf(LightningConfig.Lnd.class);

        List<String> printed = new ArrayList<>();
        for (PuraConfig c : List.of(lnbits, lnd)) {
            printed.add(c.toString());
            Stream.of(c.door(), c.admission(), c.journal(), c.wallet(), c.wallet().backend(), c.breaker(), c.ledger(),
                    c.chain(), c.providers(), c.router()).forEach(part -> printed.add(part.toString()));
        }
        for (String text : printed) {
            for (String secret : List.of(openAi, google, admin, lnbitsKey, rpcKey, ledgerPassword, macaroon)) {
                assertThat(text).as("a secret printed").doesNotContain(secret);
            }
        }
        assertThat(lnbits.toString()).contains("adminToken=set").contains("apiKey=<redacted>")
                .contains("ledgerUrl=http://ledger:8080/***").contains("rpcUrl=https://base-sepolia.g.alchemy.com/***");
        assertThat(lnd.toString()).contains("macaroonHex=<redacted>");
        assertThat(PuraConfig.fromEnv(Map.of()).toString()).contains("adminToken=generated").contains("simulator");
    }

    /** No part of the launcher but its settings reads the environment, and the settings read each name once. */
    @Test
    void shouldReadEachVariableInOnePlace() throws IOException {
        Pattern read = Pattern.compile("r\\.(?:integer|raw|string|usd|bool|positiveOrUnset)\\(\"([A-Z_]+)\"");
        List<String> names = new ArrayList<>();
        try (Stream<Path> files = Files.list(Path.of("src/main/java/xyz/pura/app"))) {
            for (Path file : files.toList()) {
                String source = Files.readString(file);
                String name = file.getFileName().toString();
                if (!name.equals("Main.java")) {
                    assertThat(source).as(name).doesNotContain("System.getenv");
                }
                if (!name.equals("EnvReader.java")) {
                    assertThat(source).as(name).doesNotContain("Map<String, String> env;");
                }
                Matcher m = read.matcher(source);
                while (m.find()) {
                    names.add(m.group(1));
                }
            }
        }
        assertThat(names).doesNotHaveDuplicates().contains("PURA_PORT", "PURA_MAX_IN_FLIGHT", "PURA_ADMIN_TOKEN",
                "PURA_LEDGER_URL", "PURA_SPOOL_SYNC", "PURA_WALLET_POLL_SECONDS", "PURA_TOPIC_REPLICATION_FACTOR",
                "PURA_TOPIC_MIN_INSYNC_REPLICAS", "PURA_TOPIC_FIX");
        // read by the modules' own factories, never by the launcher's code
        assertThat(names).doesNotContainAnyElementsOf(EnumSet.allOf(ProviderId.class).stream()
                .map(p -> p.name() + "_API_KEY").toList())
                .doesNotContain("PURA_DAILY_BUDGET_USD", "PURA_EXPLORATION_RATE", "PURA_LIGHTNING", "PURA_CHAIN_ID");
    }

    @Test
    void shouldExportOpenTelemetryOnlyWithAnEndpointAndRefuseGrpcAtStart() {
        assertThat(PuraConfig.fromEnv(Map.of()).telemetry().enabled()).isFalse();
        PuraConfig on = PuraConfig.fromEnv(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318",
                "OTEL_EXPORTER_OTLP_HEADERS", "authorization=Bearer otel-secret-abcdef"));
        assertThat(on.telemetry().enabled()).isTrue();
        assertThat(on.telemetry().properties()).containsEntry("otel.exporter.otlp.endpoint", "http://collector:4318");
        assertThat(on.toString()).contains("otel.exporter.otlp.endpoint=http://collector:4318").doesNotContain("otel-secret");

        assertThatThrownBy(() -> PuraConfig.fromEnv(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4317",
                "OTEL_EXPORTER_OTLP_PROTOCOL", "grpc", "PURA_MAX_IN_FLIGHT", "many")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("OTEL_EXPORTER_OTLP_PROTOCOL=grpc is not supported")
                .hasMessageContaining("PURA_MAX_IN_FLIGHT");
    }
}
