package xyz.pura.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import xyz.pura.app.testing.OpenClaw;

/**
 * OpenClaw's own CLI (npm openclaw 2026.9.6, under Node 24) on the skill in {@code skills/pura/} and on README's
 * config: {@code openclaw skills info pura --json} finds the skill through {@code skills.load.extraDirs}, calls it
 * eligible with the key from {@code skills.entries.pura.env} (or {@code .apiKey}) and not without it, and
 * {@code openclaw config validate} accepts README's {@code models.providers.pura}.
 */
class OpenClawCliTest {
    private static final Duration CLI_TIMEOUT = Duration.ofMinutes(3);
    private static final String KEY = "pura_" + "0123456789abcdef".repeat(3);

    private static String skillsConfig(String entry) {
        return "{ skills: { load: { extraDirs: [\"" + OpenClaw.skillsDir() + "\"], watch: false }"
                + (entry.isEmpty() ? "" : ", entries: { pura: " + entry + " }") + " } }";
    }

    private static JsonNode skillInfo(String config) {
        try (OpenClaw openclaw = OpenClaw.withConfig(config)) {
            OpenClaw.Run info = openclaw.run(CLI_TIMEOUT, "skills", "info", "pura", "--json");
            assertThat(info.exit()).as(info.err()).isZero();
            return info.json();
        }
    }

    @Test
    void shouldBeEligibleWithTheKeyAndUrlFromSkillsEntriesEnv() throws IOException {
        JsonNode info = skillInfo(skillsConfig("{ env: { PURA_API_KEY: \"" + KEY + "\", PURA_GATEWAY_URL: \"http://127.0.0.1:8080\" } }"));

        assertThat(info.path("name").asText()).isEqualTo("pura");
        assertThat(info.path("eligible").asBoolean()).as(info.toString()).isTrue();
        assertThat(info.path("disabled").asBoolean()).isFalse();
        assertThat(info.path("modelVisible").asBoolean()).isTrue();
        assertThat(info.path("source").asText()).isEqualTo("openclaw-extra");
        assertThat(Path.of(info.path("baseDir").asText()).toRealPath()).isEqualTo(OpenClaw.skillsDir().resolve("pura").toRealPath());
        assertThat(info.path("primaryEnv").asText()).isEqualTo("PURA_API_KEY");
        assertThat(texts(info.at("/requirements/env"))).containsExactly("PURA_API_KEY");
        assertThat(texts(info.at("/requirements/bins"))).containsExactly("sh", "curl");
        for (String missing : List.of("bins", "anyBins", "env", "config", "os")) {
            assertThat(info.at("/missing/" + missing)).as(missing).isEmpty();
        }
        // as OpenClaw read it: one line under 160 characters (its compact prompt cuts descriptions at 220)
        String description = info.path("description").asText();
        assertThat(description).hasSizeLessThan(160).contains("Pura").doesNotContain("\n");
        assertThat(Files.readString(OpenClaw.skillsDir().resolve("pura/SKILL.md"))).contains("description: \"" + description + "\"");
    }

    @Test
    void shouldBeEligibleWithTheKeyAsTheSkillsApiKey() {
        JsonNode info = skillInfo(skillsConfig("{ apiKey: \"" + KEY + "\" }"));

        assertThat(info.path("eligible").asBoolean()).as(info.toString()).isTrue();
        assertThat(info.at("/missing/env")).isEmpty();
    }

    @Test
    void shouldNotBeEligibleWithoutTheKey() {
        JsonNode bare = skillInfo(skillsConfig(""));
        // the URL alone is not enough
        JsonNode urlOnly = skillInfo(skillsConfig("{ env: { PURA_GATEWAY_URL: \"http://127.0.0.1:8080\" } }"));

        for (JsonNode info : List.of(bare, urlOnly)) {
            assertThat(info.path("eligible").asBoolean()).as(info.toString()).isFalse();
            assertThat(texts(info.at("/missing/env"))).containsExactly("PURA_API_KEY");
            assertThat(info.at("/missing/bins")).isEmpty();
        }
    }

    @Test
    void shouldAcceptReadmesConfigWithPuraAsAModelProvider() throws IOException {
        String config = readmeConfig();
        assertThat(config).contains("models:").contains("providers:").contains("pura:").contains("api: \"openai-completions\"")
                .contains("baseUrl: \"http://127.0.0.1:8080/v1\"").contains("id: \"auto\"")
                .contains("entries:").contains("PURA_API_KEY").contains("PURA_GATEWAY_URL");

        try (OpenClaw openclaw = OpenClaw.withConfig(config.replace("/path/to/pura/skills", OpenClaw.skillsDir().toString()))) {
            OpenClaw.Run validate = openclaw.run(CLI_TIMEOUT, "config", "validate", "--json");
            assertThat(validate.exit()).as(validate.out() + validate.err()).isZero();
            JsonNode result = validate.json();
            assertThat(result.path("valid").asBoolean()).as(result.toString()).isTrue();
            assertThat(result.path("warnings")).as(result.toString()).isEmpty();

            // OpenClaw's catalog then has Pura's auto as the default model, usable with the key given
            OpenClaw.Run models = openclaw.run(CLI_TIMEOUT, "models", "list", "--json");
            assertThat(models.exit()).as(models.err()).isZero();
            JsonNode auto = null;
            for (JsonNode m : models.json().path("models")) {
                if (m.path("key").asText().equals("pura/auto")) {
                    auto = m;
                }
            }
            assertThat(auto).as(models.out()).isNotNull();
            assertThat(auto.path("available").asBoolean()).isTrue();
            assertThat(texts(auto.path("tags"))).contains("default");
            assertThat(auto.path("contextWindow").asInt()).isEqualTo(128000);

            // the same file makes the skill eligible: its key comes from skills.entries.pura.env
            OpenClaw.Run info = openclaw.run(CLI_TIMEOUT, "skills", "info", "pura", "--json");
            assertThat(info.exit()).as(info.err()).isZero();
            assertThat(info.json().path("eligible").asBoolean()).as(info.out()).isTrue();
        }
    }

    /** The JSON5 block of README's "OpenClaw" section: the config it tells users to write. */
    static String readmeConfig() throws IOException {
        String readme = Files.readString(OpenClaw.skillsDir().getParent().resolve("README.md"));
        int section = readme.indexOf("\n### OpenClaw\n");
        assertThat(section).as("README has an OpenClaw section").isPositive();
        int start = readme.indexOf("```json5\n", section);
        assertThat(start).isPositive();
        int end = readme.indexOf("\n```\n", start);
        return readme.substring(start + "```json5\n".length(), end + 1);
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
