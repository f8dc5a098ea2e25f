package xyz.pura.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The status page in headless Chromium (Debian packages {@code chromium} and {@code chromium-driver}). */
class StatusPageBrowserTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path TARGET = Path.of(System.getProperty("basedir", ".")).resolve("target");
    private static TestServer server;

    @BeforeAll
    static void start() {
        StatusService service = StatusPageFixture.service();
        server = new TestServer(routes -> StatusRoutes.register(routes, service::report));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void shouldRenderEveryProviderRowWithItsState(@TempDir Path profile) throws Exception {
        Path dom = TARGET.resolve("status-page.dom.html");

        chromium(profile, dom, "--dump-dom");

        String html = Files.readString(dom);
        assertRow(html, "openai", "active");
        assertRow(html, "groq", "active");
        assertRow(html, "anthropic", "degraded");
        assertRow(html, "gemini", "unconfigured");
        assertThat(html).containsPattern("id=\"overall\"[^>]*data-status=\"degraded\"")
                .contains("anthropic: circuit open")
                .containsPattern("data-component=\"kafka\" data-state=\"ok\"")
                .containsPattern("data-component=\"ledger\" data-state=\"ok\"")
                .containsPattern("data-component=\"chain\" data-state=\"ok\"")
                .contains("<svg class=\"spark\"");
    }

    @Test
    void shouldTakeAScreenshotOfThePage(@TempDir Path profile) throws Exception {
        Path png = TARGET.resolve("status-page.png");
        Files.deleteIfExists(png);

        chromium(profile, TARGET.resolve("status-page.screenshot.log"), "--screenshot=" + png.toAbsolutePath(),
                "--window-size=1200,800");

        await().atMost(Duration.ofSeconds(10)).until(() -> Files.isRegularFile(png) && Files.size(png) > 10_000);
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(1200);
        assertThat(image.getHeight()).isEqualTo(800);
        assertThat(colours(image)).as("distinct colours in the screenshot").isGreaterThan(50);
    }

    private static void assertRow(String html, String provider, String state) {
        assertThat(html).as("row of %s in state %s", provider, state).containsPattern(Pattern.compile(
                "<tr[^>]*data-provider=\"" + provider + "\"[^>]*data-state=\"" + state + "\""));
    }

    /** Runs Chromium headless against the page, its standard output to {@code out}. */
    private static void chromium(Path profile, Path out, String... extra) throws IOException, InterruptedException {
        if (!Files.isExecutable(CHROMIUM)) {
            fail(CHROMIUM + " is missing: install the Debian packages (apt-get update && "
                    + "apt-get install -y chromium chromium-driver)");
        }
        Files.createDirectories(TARGET);
        List<String> cmd = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox",
                "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--hide-scrollbars", "--user-data-dir=" + profile.toAbsolutePath(), "--virtual-time-budget=5000"));
        cmd.addAll(List.of(extra));
        cmd.add(server.url("/status"));
        Path log = TARGET.resolve("chromium-" + profile.getFileName() + ".log");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(log.toFile()).start();
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("Chromium did not finish within 90 s; its log: " + Files.readString(log));
        }
        assertThat(p.exitValue()).as("Chromium's exit code; its log: %s", Files.readString(log)).isZero();
    }

    private static int colours(BufferedImage image) {
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 4) {
            for (int x = 0; x < image.getWidth(); x += 4) {
                seen.add(image.getRGB(x, y));
            }
        }
        return seen.size();
    }
}
