package xyz.pura.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import xyz.pura.app.testing.BackdatedKey;
import xyz.pura.app.testing.TestGateway;
import xyz.pura.events.RequestCompleted;

/**
 * The usage page ({@code GET /usage}) in headless Chromium against the real gateway: the key is handed to the page in
 * the URL's fragment ({@code #key=...}, which the browser never sends to the server), the DOM is dumped once its
 * reads are done, and screenshots are saved as {@code app/target/usage-*.png}.
 */
class UsagePageBrowserTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path TARGET = Path.of(System.getProperty("basedir", ".")).resolve("target");
    private static final String ADMIN = "usage-page-admin";
    private static final String CHAT = "{\"model\":\"%s\",\"messages\":[{\"role\":\"user\",\"content\":\"%s\"}]}";
    private static TestGateway gateway;

    @BeforeAll
    static void start() {
        gateway = TestGateway.start(Map.of("PURA_ADMIN_TOKEN", ADMIN));
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void shouldSayNoRequestsYetForAFreshKey(@TempDir Path profile) throws Exception {
        String key = gateway.createKey("page-empty");

        String dom = dumpDom(profile, key, "usage-empty");

        assertThat(dom).containsPattern("<main id=\"app\" data-state=\"ready\" data-view=\"key\"");
        String section = tag(dom, "section", "key");
        assertThat(section).contains("data-empty=\"true\"").contains("data-total-spend-usd=\"0.000000000\"")
                .contains("data-request-count=\"0\"").contains("data-free-requests-left=\"5000\"");
        assertThat(tag(dom, "div", "empty")).doesNotContain("hidden");
        assertThat(dom).contains("No requests yet");
        assertThat(dom).doesNotContain(key);
        screenshot(profile.resolveSibling(profile.getFileName() + "-shot"), key, "usage-empty.png");
    }

    @Test
    void shouldShowOneKeysSpendRequestsAndModels(@TempDir Path profile) throws Exception {
        // given a key with three requests on two models
        String key = gateway.createKey("page-one");
        for (String model : List.of("gpt-4o-mini", "gpt-4o-mini", "llama-3.3-70b-versatile")) {
            assertThat(gateway.post("/v1/chat/completions", key, CHAT.formatted(model, "Hello " + model)).statusCode())
                    .isEqualTo(200);
        }
        JsonNode usage = awaitUsage(key, 3);

        // when the page shows it
        String dom = dumpDom(profile, key, "usage-one");

        // then its figures are the API's, exactly
        String section = tag(dom, "section", "key");
        assertThat(section).contains("data-empty=\"false\"")
                .contains("data-total-spend-usd=\"" + usage.get("totalSpendUsd").asText() + "\"")
                .contains("data-request-count=\"3\"")
                .contains("data-average-cost-usd=\"" + usage.get("averageCostUsd").asText() + "\"")
                .contains("data-spent-today-usd=\"" + usage.get("budget").get("spentTodayUsd").asText() + "\"");
        List<String[]> bars = bars(dom);
        assertThat(bars).hasSize(30);
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        assertThat(bars.getLast()).containsExactly(today, usage.get("totalSpendUsd").asText(), "3");
        for (JsonNode m : usage.get("models")) {
            assertThat(dom).containsPattern(Pattern.quote("<tr data-model=\"" + m.get("model").asText() + "\" data-cost-usd=\""
                    + m.get("costUsd").asText() + "\" data-requests=\"" + m.get("requests").asText() + "\""));
        }
        assertThat(dom).contains("data-component=\"output\"").contains("data-component=\"cacheRead\"");
        screenshot(profile.resolveSibling(profile.getFileName() + "-shot"), key, "usage-one.png");
    }

    @Test
    void shouldListEveryKeyForTheAdminAndDrillIntoOne(@TempDir Path profile) throws Exception {
        // given three keys with 1, 2 and 3 requests
        List<String> ids = new ArrayList<>();
        List<JsonNode> usages = new ArrayList<>();
        for (int n = 1; n <= 3; n++) {
            String key = gateway.createKey("page-many-" + n);
            for (int i = 0; i < n; i++) {
                assertThat(gateway.post("/v1/chat/completions", key, CHAT.formatted("gpt-4o-mini", "key " + n + " #" + i))
                        .statusCode()).isEqualTo(200);
            }
            JsonNode usage = awaitUsage(key, n);
            usages.add(usage);
            ids.add(usage.get("keyId").asText());
        }

        // when the admin opens the page
        String dom = dumpDom(profile, ADMIN, "usage-admin");

        // then the table has a row per key with its exact spend and requests
        assertThat(dom).containsPattern("<main id=\"app\" data-state=\"ready\" data-view=\"admin\"");
        for (int i = 0; i < 3; i++) {
            assertThat(dom).containsPattern(Pattern.quote("data-key-id=\"" + ids.get(i) + "\" data-spend-usd=\""
                    + usages.get(i).get("totalSpendUsd").asText() + "\" data-requests=\"" + (i + 1) + "\""));
        }
        // sorted by spend, largest first
        assertThat(dom).contains("data-sorted=\"spendUsd:desc\"");
        List<java.math.BigDecimal> spends = Pattern.compile("data-spend-usd=\"([0-9.]+)\"").matcher(dom).results()
                .map(r -> new java.math.BigDecimal(r.group(1))).toList();
        assertThat(spends).hasSizeGreaterThanOrEqualTo(3).isSortedAccordingTo(java.util.Comparator.reverseOrder());
        assertThat(dom).doesNotContain(ADMIN);
        screenshot(profile.resolveSibling(profile.getFileName() + "-shot"), ADMIN, "usage-admin.png");

        // and drilling into the third key shows its own view
        String drilled = chromiumDom(profile.resolveSibling(profile.getFileName() + "-drill"),
                "#key=" + ADMIN + "&drill=" + ids.get(2), "usage-drill");
        assertThat(tag(drilled, "section", "key")).contains("data-key-id=\"" + ids.get(2) + "\"")
                .contains("data-request-count=\"3\"");
        assertThat(tag(drilled, "p", "back-wrap")).doesNotContain("hidden");
    }

    @Test
    void shouldShowAKeyWhoseStoredLabelIsNotPrintable(@TempDir Path profile) throws Exception {
        // given keys stored before labels had to be printable: an unpaired surrogate, control characters
        // (on the shared broker HostileInputTest's keys were such; headless Chromium crashed on the page, exit 132)
        BackdatedKey surrogate = BackdatedKey.publish("bad\uD800label", Instant.now());
        BackdatedKey controls = BackdatedKey.publish("\u0000\u001b[31m\r\nX-Injected: 1", Instant.now());
        await().atMost(Duration.ofSeconds(30)).until(() -> gateway.get("/api/usage/keys", ADMIN).body()
                .contains(surrogate.keyId()) && gateway.get("/api/usage/keys", ADMIN).body().contains(controls.keyId()));

        // when the admin opens the page
        String dom = dumpDom(profile, ADMIN, "usage-admin-labels");

        // and a new key with such a label is refused, naming the parameter
        HttpResponse<String> refused = gateway.post("/api/keys", null, "{\"label\":\"bad\\ud800label\"}");
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
        assertThat(refused.body()).contains("\"param\":\"label\"").contains("printable");

        // then it renders both rows, each such character shown as U+FFFD
        assertThat(dom).containsPattern("<main id=\"app\" data-state=\"ready\" data-view=\"admin\"")
                .contains(surrogate.keyId()).contains(controls.keyId()).contains("bad\uFFFDlabel")
                .contains("\uFFFD\uFFFD[31m\uFFFD\uFFFDX-Injected: 1");
    }

    @Test
    void shouldDrawBarsOnTwoDaysAcrossMidnight(@TempDir Path profile) throws Exception {
        // given a key with a debit at yesterday's first millisecond and requests today
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        Instant yesterday = today.minusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        BackdatedKey key = BackdatedKey.publish("page-rollover", yesterday);
        key.debit("gpt-4o", 2_500_000, new RequestCompleted.ProviderUsage(800, 120, 300, 40, 0, 0), yesterday.plusMillis(1));
        awaitUsage(key.secret(), 1);
        assertThat(gateway.post("/v1/chat/completions", key.secret(), CHAT.formatted("gpt-4o-mini", "now")).statusCode())
                .isEqualTo(200);
        JsonNode usage = awaitUsage(key.secret(), 2);

        // when the page shows it
        String dom = dumpDom(profile, key.secret(), "usage-rollover");

        // then exactly the last two bars have spend: yesterday's debit and today's request
        List<String[]> bars = bars(dom);
        assertThat(bars).hasSize(30);
        assertThat(bars.get(28)).containsExactly(today.minusDays(1).toString(), "0.002500000", "1");
        assertThat(bars.get(29)).containsExactly(today.toString(), last(usage.get("daily")).get("costUsd").asText(), "1");
        assertThat(bars.subList(0, 28)).allSatisfy(b -> assertThat(b[1]).isEqualTo("0.000000000"));
        screenshot(profile.resolveSibling(profile.getFileName() + "-shot"), key.secret(), "usage-rollover.png");
    }

    private static JsonNode awaitUsage(String key, long requests) {
        JsonNode[] out = new JsonNode[1];
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            HttpResponse<String> r = gateway.get("/api/usage?days=30", key);
            out[0] = r.statusCode() == 200 ? TestGateway.json(r.body()) : null;
            return out[0] != null && out[0].get("requestCount").asLong() == requests;
        });
        return out[0];
    }

    private static JsonNode last(JsonNode array) {
        return array.get(array.size() - 1);
    }

    /** Every day bar's day, cost and requests, in order. */
    private static List<String[]> bars(String dom) {
        Matcher m = Pattern.compile("<rect[^>]*class=\"day-bar\" data-day=\"([0-9-]+)\" data-cost-usd=\"([0-9.]+)\" "
                + "data-requests=\"([0-9]+)\"").matcher(dom);
        List<String[]> out = new ArrayList<>();
        while (m.find()) {
            out.add(new String[] {m.group(1), m.group(2), m.group(3)});
        }
        return out;
    }

    /** The opening tag of the element with {@code id}. */
    private static String tag(String dom, String name, String id) {
        Matcher m = Pattern.compile("<" + name + " id=\"" + id + "\"[^>]*>").matcher(dom);
        assertThat(m.find()).as("<%s id=%s> in the page", name, id).isTrue();
        return m.group();
    }

    private static String dumpDom(Path profile, String token, String name) throws Exception {
        return chromiumDom(profile, "#key=" + token, name);
    }

    private static String chromiumDom(Path profile, String fragment, String name) throws Exception {
        Path dom = TARGET.resolve(name + ".dom.html");
        chromium(profile, dom, fragment, "--dump-dom");
        return Files.readString(dom);
    }

    private static void screenshot(Path profile, String token, String file) throws Exception {
        Path png = TARGET.resolve(file);
        Files.deleteIfExists(png);
        chromium(profile, TARGET.resolve(file + ".log"), "#key=" + token, "--screenshot=" + png.toAbsolutePath(),
                "--window-size=1200,1000");
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.isRegularFile(png) && Files.size(png) > 10_000);
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(1200);
        assertThat(image.getHeight()).isEqualTo(1000);
        assertThat(colours(image)).as("distinct colours in %s", file).isGreaterThan(50);
    }

    private static final java.util.concurrent.atomic.AtomicInteger RUNS = new java.util.concurrent.atomic.AtomicInteger();

    /**
     * Runs Chromium on the page, each time with a profile directory of its own; a Chromium that crashed (killed by a
     * signal: exit code 128 + n, seen once as 132 on a loaded host) is run once more, since a browser crash says
     * nothing about the page.
     */
    private static void chromium(Path profile, Path out, String fragment, String... extra) throws IOException, InterruptedException {
        int exit = chromiumOnce(profile.resolve("run-" + RUNS.incrementAndGet()), out, fragment, extra);
        if (exit >= 128) {
            exit = chromiumOnce(profile.resolve("run-" + RUNS.incrementAndGet()), out, fragment, extra);
        }
        assertThat(exit).as("Chromium's exit code; its log: %s", Files.readString(lastLog)).isZero();
    }

    private static Path lastLog;

    private static int chromiumOnce(Path profile, Path out, String fragment, String... extra) throws IOException, InterruptedException {
        if (!Files.isExecutable(CHROMIUM)) {
            fail(CHROMIUM + " is missing: install the Debian packages (apt-get update && "
                    + "apt-get install -y chromium chromium-driver)");
        }
        Files.createDirectories(TARGET);
        Files.createDirectories(profile);
        List<String> cmd = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox",
                "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--hide-scrollbars", "--user-data-dir=" + profile.toAbsolutePath(), "--virtual-time-budget=5000"));
        cmd.addAll(List.of(extra));
        cmd.add(gateway.baseUrl() + "/usage" + fragment);
        Path log = TARGET.resolve("chromium-usage-" + profile.getParent().getFileName() + "-" + profile.getFileName() + ".log");
        lastLog = log;
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(log.toFile()).start();
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("Chromium did not finish within 90 s; its log: " + Files.readString(log));
        }
        return p.exitValue();
    }

    private static int colours(BufferedImage image) {
        Set<Integer> seen = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 4) {
            for (int x = 0; x < image.getWidth(); x += 4) {
                seen.add(image.getRGB(x, y));
            }
        }
        return seen.size();
    }
}
