package xyz.pura.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import xyz.pura.app.testing.TestGateway;
import xyz.pura.events.Json;
import xyz.pura.events.Usd;

/**
 * The OpenClaw skill in {@code skills/pura/}: its SKILL.md front matter has what OpenClaw needs, and its
 * scripts (sh + curl) create a key, send a chat and print the report against a real gateway, fail clearly
 * without a key, and never print the key except create-key's own output.
 */
class OpenClawSkillTest {
    private static final Path SKILL = locateSkill();
    private static final Duration SCRIPT_TIMEOUT = Duration.ofSeconds(60);
    private static final List<String> PROVIDERS = List.of("openai", "anthropic", "groq", "gemini");

    private static TestGateway gateway;

    @BeforeAll
    static void start() {
        gateway = TestGateway.start();
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    private record Run(int exit, String out, String err) {
        Map<String, String> lines() {
            Map<String, String> m = new LinkedHashMap<>();
            for (String line : out.split("\n")) {
                int colon = line.indexOf(": ");
                if (colon > 0) {
                    m.putIfAbsent(line.substring(0, colon), line.substring(colon + 2));
                }
            }
            return m;
        }

        boolean mentions(String secret) {
            return out.contains(secret) || err.contains(secret);
        }
    }

    private static Run run(String script, String apiKey, String... args) {
        return runAt(script, gateway.baseUrl(), apiKey, args);
    }

    /** Runs {@code sh scripts/<script> args...} with PURA_GATEWAY_URL and (when not null) PURA_API_KEY. */
    private static Run runAt(String script, String gatewayUrl, String apiKey, String... args) {
        List<String> command = new ArrayList<>(List.of("sh", SKILL.resolve("scripts").resolve(script).toString()));
        command.addAll(Arrays.asList(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(SKILL.toFile());
        Map<String, String> env = pb.environment();
        env.remove("PURA_API_KEY");
        env.put("PURA_GATEWAY_URL", gatewayUrl);
        if (apiKey != null) {
            env.put("PURA_API_KEY", apiKey);
        }
        try {
            Path err = Files.createTempFile("pura-skill", ".err");
            try {
                pb.redirectError(err.toFile());
                Process p = pb.start();
                p.getOutputStream().close();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!p.waitFor(SCRIPT_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new AssertionError(script + " did not finish within " + SCRIPT_TIMEOUT);
                }
                return new Run(p.exitValue(), out, Files.readString(err));
            } finally {
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static String createKey(String... args) {
        Run created = run("create-key.sh", null, args);
        assertThat(created.exit()).as(created.err()).isZero();
        assertThat(created.out()).matches("pura_[0-9a-f]{48}\n");
        String key = created.out().trim();
        assertThat(created.err()).doesNotContain(key).contains(key.substring(0, 13));
        return key;
    }

    @Test
    void shouldCreateAKeyCheckAChatAndReportItThroughTheScripts() {
        String key = createKey("skill-test");

        Run check = run("check.sh", key);
        assertThat(check.exit()).as(check.err()).isZero();
        Map<String, String> c = check.lines();
        assertThat(c).containsKeys("provider", "model", "tier", "cost_usd", "budget_remaining_usd", "request_id");
        assertThat(c.get("provider")).isIn(PROVIDERS);
        assertThat(c.get("model")).isNotBlank().isNotIn(PROVIDERS);
        assertThat(c.get("tier")).isIn("cheap", "mid", "premium");
        assertThat(c.get("cost_usd")).matches("\\d+\\.\\d{9}");
        Usd cost = Usd.parse(c.get("cost_usd"));
        assertThat(cost.nanos()).isPositive();
        assertThat(c.get("request_id")).startsWith("req_");
        assertThat(check.mentions(key)).isFalse();

        Run pinned = run("check.sh", key, "gpt-4o");
        assertThat(pinned.exit()).as(pinned.err()).isZero();
        assertThat(pinned.lines()).containsEntry("provider", "openai").containsEntry("model", "gpt-4o");
        Usd total = cost.plus(Usd.parse(pinned.lines().get("cost_usd")));

        // the ledger books completions asynchronously: the report shows both once they are counted
        Run[] report = new Run[1];
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            report[0] = run("report.sh", key);
            assertThat(report[0].exit()).as(report[0].err()).isZero();
            assertThat(report[0].lines()).containsEntry("requests", "2");
        });
        Map<String, String> r = report[0].lines();
        assertThat(r).containsEntry("total_spend_usd", total.toString())
                .containsEntry("daily_budget_usd", "10.000000000")
                .containsKeys("average_cost_usd", "remaining_today_usd", "budget_resets_at");
        assertThat(r.get("period")).startsWith("24h (");
        assertThat(report[0].out()).contains("model: " + c.get("model") + " cost_usd=" + c.get("cost_usd") + " requests=1")
                .contains("model: gpt-4o cost_usd=" + pinned.lines().get("cost_usd") + " requests=1");
        assertThat(report[0].mentions(key)).isFalse();

        Run json = run("report.sh", key, "--json");
        assertThat(json.exit()).isZero();
        JsonNode parsed = TestGateway.json(json.out());
        assertThat(parsed.get("requestCount").asLong()).isEqualTo(2);
        assertThat(parsed.get("totalSpendUsd").asText()).isEqualTo(total.toString());
    }

    @Test
    void shouldCreateAKeyWithTheGivenBudgetAndTellWhenItIsSpent() {
        String key = createKey("tiny-budget", "0.00001");
        assertThat(run("check.sh", key, "gpt-4o").exit()).isZero();

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Run refused = run("check.sh", key, "gpt-4o");
            assertThat(refused.exit()).isEqualTo(1);
            assertThat(refused.out()).isEmpty();
            assertThat(refused.err()).contains("HTTP 402 budget_exhausted").contains("00:00 UTC");
            assertThat(refused.mentions(key)).isFalse();
        });
    }

    @Test
    void shouldFailClearlyWithoutAKeyAndNeverPrintAWrongOne() {
        for (String script : List.of("check.sh", "report.sh")) {
            Run missing = run(script, null);
            assertThat(missing.exit()).as(script).isEqualTo(2);
            assertThat(missing.out()).as(script).isEmpty();
            assertThat(missing.err()).as(script).contains("PURA_API_KEY is not set").contains("create-key.sh");

            String unknown = "pura_" + "0123456789abcdef".repeat(3);
            Run rejected = run(script, unknown);
            assertThat(rejected.exit()).as(script).isEqualTo(1);
            assertThat(rejected.err()).as(script).contains("HTTP 401 invalid_api_key");
            assertThat(rejected.mentions(unknown)).as(script).isFalse();
            assertThat(rejected.mentions(unknown.substring(5))).as(script).isFalse();
        }
    }

    @Test
    void shouldSayWhenTheGatewayCannotBeReached() throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        String url = "http://127.0.0.1:" + closedPort;
        Run created = runAt("create-key.sh", url, null);
        assertThat(created.exit()).isEqualTo(3);
        assertThat(created.out()).isEmpty();
        assertThat(created.err()).contains("cannot reach the Pura gateway at " + url).contains("PURA_GATEWAY_URL");
    }

    @Test
    void shouldDeclareWhatOpenClawNeedsInTheFrontMatter() throws IOException {
        String skill = Files.readString(SKILL.resolve("SKILL.md"));
        Map<String, String> front = frontMatter(skill);

        assertThat(front).containsKeys("name", "description", "metadata");
        assertThat(front.get("name")).isEqualTo("pura").matches("[a-z0-9-]{1,64}")
                .as("OpenClaw asks the folder to be named as the skill").isEqualTo(SKILL.getFileName().toString());
        // OpenClaw asks for one line under 160 characters (its compact prompt cuts at 220)
        assertThat(front.get("description")).isNotBlank().hasSizeLessThan(160).contains("Pura")
                .contains("Use ");

        // one line of JSON: OpenClaw parses the front matter as YAML, and falls back to one key a line
        JsonNode openclaw = Json.mapper().readTree(front.get("metadata")).path("openclaw");
        assertThat(openclaw.isObject()).isTrue();
        // only what OpenClaw's loader reads (resolveSkillManifestMetadata in openclaw 2026.9): it ignores the rest,
        // such as an envVars list; a skill gets its environment from skills.entries.pura.env in OpenClaw's config
        assertThat(fieldNames(openclaw)).isSubsetOf("always", "emoji", "homepage", "skillKey", "primaryEnv", "os",
                "requires", "install");
        assertThat(fieldNames(openclaw.path("requires"))).isSubsetOf("bins", "anyBins", "env", "config");
        assertThat(texts(openclaw.path("requires").path("env"))).containsExactly("PURA_API_KEY");
        assertThat(texts(openclaw.path("requires").path("bins"))).contains("sh", "curl");
        assertThat(openclaw.path("primaryEnv").asText()).isEqualTo("PURA_API_KEY");

        String body = skill.substring(skill.indexOf("\n---", 3) + 4);
        assertThat(body).contains("http://127.0.0.1:8080").contains("budget_exhausted").contains("/api/report")
                .contains("/api/status").contains("routing");
        Matcher scripts = Pattern.compile("\\{baseDir}/(scripts/[a-z-]+\\.sh)").matcher(body);
        List<String> referenced = new ArrayList<>();
        while (scripts.find()) {
            referenced.add(scripts.group(1));
        }
        assertThat(referenced).contains("scripts/create-key.sh", "scripts/check.sh", "scripts/report.sh");
        for (String script : referenced) {
            Path file = SKILL.resolve(script);
            assertThat(file).as(script).isRegularFile();
            assertThat(Files.readString(file)).as(script).startsWith("#!/bin/sh\n");
            assertThat(Files.isExecutable(file)).as(script + " is executable").isTrue();
        }
    }

    /** The YAML block between the first two {@code ---} lines, as OpenClaw reads it: one {@code key: value} a line. */
    private static Map<String, String> frontMatter(String skill) {
        assertThat(skill).startsWith("---\n");
        int end = skill.indexOf("\n---\n", 3);
        assertThat(end).as("closing ---").isPositive();
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : skill.substring(4, end).split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            assertThat(line).as("single-line front matter key").matches("[A-Za-z][A-Za-z0-9_-]*: \\S.*");
            int colon = line.indexOf(": ");
            String value = line.substring(colon + 2).trim();
            if (value.startsWith("\"")) {
                assertThat(value).endsWith("\"");
                value = value.substring(1, value.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
            }
            assertThat(out.put(line.substring(0, colon), value)).as("duplicate key").isNull();
        }
        return out;
    }

    private static List<String> fieldNames(JsonNode object) {
        List<String> out = new ArrayList<>();
        object.fieldNames().forEachRemaining(out::add);
        return out;
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static Path locateSkill() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("skills").resolve("pura");
            if (Files.isRegularFile(candidate.resolve("SKILL.md"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("skills/pura/SKILL.md not found above " + Path.of("").toAbsolutePath());
    }
}
