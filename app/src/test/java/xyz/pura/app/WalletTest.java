package xyz.pura.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import xyz.pura.app.testing.TestGateway;
import xyz.pura.events.Usd;

/** The free tier, then a Lightning-funded sats balance: 402 with an invoice, settlement, debits, exhaustion. */
class WalletTest {
    private static final String ADMIN = "test-admin-token-0123456789";
    /** 10,000,000 sats per USD: 1 nano-USD of cost = 10 msat, so a few requests spend a 10,000-sat invoice. */
    private static final long MSAT_PER_NANO_USD = 10;
    private static TestGateway gateway;

    @BeforeAll
    static void start() {
        gateway = TestGateway.start(Map.of("PURA_FREE_REQUESTS", "3", "PURA_SATS_PER_USD", "10000000",
                "PURA_ADMIN_TOKEN", ADMIN, "PURA_WALLET_POLL_SECONDS", "1"));
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    private static final String ASK = "{\"model\":\"gpt-4o\",\"max_tokens\":40,\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}";

    private static HttpResponse<String> settle(String token, String invoiceId) {
        return TestGateway.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/api/admin/wallet/settle"))
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString("{\"invoiceId\":\"" + invoiceId + "\"}")).build());
    }

    private static JsonNode balance(String key) {
        return TestGateway.json(gateway.get("/api/wallet/balance", key).body());
    }

    @Test
    void shouldChargeTheBalanceAfterTheFreeRequestsAndRefuseWhenItRunsOut() throws Exception {
        String key = gateway.createKey("wallet");
        for (int i = 0; i < 3; i++) {
            assertThat(gateway.post("/v1/chat/completions", key, ASK).statusCode()).isEqualTo(200);
        }

        HttpResponse<String> unpaid = gateway.post("/v1/chat/completions", key, ASK);
        assertThat(unpaid.statusCode()).isEqualTo(402);
        JsonNode error = TestGateway.json(unpaid.body()).get("error");
        assertThat(error.get("type").asText()).isEqualTo("payment_required");
        assertThat(error.get("code").asText()).isEqualTo("free_tier_exceeded");
        JsonNode funding = error.get("funding");
        String invoiceId = funding.get("invoiceId").asText();
        assertThat(funding.get("paymentRequest").asText()).startsWith("lnbcrt");
        assertThat(funding.get("amount").asLong()).isEqualTo(10_000);
        assertThat(funding.get("lightningUrl").asText()).isEqualTo("lightning:" + funding.get("paymentRequest").asText());
        assertThat(funding.get("invoiceUrl").asText()).endsWith("/api/wallet/invoices/" + invoiceId);
        assertThat(funding.get("statusUrl").asText()).contains("/api/wallet/status?invoiceId=" + invoiceId);
        assertThat(funding.get("expiresAt").asText()).isNotBlank();

        assertThat(settle(ADMIN, invoiceId).statusCode()).isEqualTo(200);
        assertThat(settle(ADMIN, invoiceId).statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> balance(key).get("balanceSats").asLong() == 10_000);
        assertThat(TestGateway.json(gateway.get("/api/wallet/status?invoiceId=" + invoiceId, key).body()).get("status").asText())
                .isEqualTo("settled");

        // admission reads the balance from pura.spend, a moment after the ledger's own query shows it
        HttpResponse<String>[] first = new HttpResponse[1];
        await().atMost(Duration.ofSeconds(10)).until(() -> (first[0] = gateway.post("/v1/chat/completions", key, ASK)).statusCode() == 200);
        long debitedMsat = Usd.parse(first[0].headers().firstValue("X-Pura-Cost").orElseThrow()).nanos() * MSAT_PER_NANO_USD;
        HttpResponse<String> r;
        int paid = 1;
        while ((r = gateway.post("/v1/chat/completions", key, ASK)).statusCode() == 200) {
            debitedMsat += Usd.parse(r.headers().firstValue("X-Pura-Cost").orElseThrow()).nanos() * MSAT_PER_NANO_USD;
            paid++;
            assertThat(paid).isLessThan(50);
        }
        assertThat(paid).isPositive();
        assertThat(r.statusCode()).isEqualTo(402);
        assertThat(TestGateway.json(r.body()).at("/error/code").asText()).isEqualTo("insufficient_balance");
        long expected = 10_000_000L - debitedMsat;
        await().atMost(Duration.ofSeconds(30)).until(() -> balance(key).get("balanceMsat").asLong() == expected);
        JsonNode b = balance(key);
        assertThat(b.get("freeRequestsLeft").asLong()).isZero();
        assertThat(b.get("recentEntries")).isNotEmpty();
        assertThat(b.get("recentEntries").toString()).contains(invoiceId + ":credit");

        // replay reads the ledger, the completions and the live table one after the other: it agrees once quiet
        String keyId = TestGateway.json(gateway.get("/api/report", key).body()).get("keyId").asText();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ReplayCommand.run(gateway.app().bootstrapServers(), new ReplayCommand.Mode.Check(), new PrintStream(out, true, StandardCharsets.UTF_8));
            return out.toString(StandardCharsets.UTF_8).lines().noneMatch(l -> l.startsWith("difference") && l.contains(keyId));
        });
    }

    @Test
    void shouldKeepInvoicesPrivateToTheirKeyAndRefuseBadAmounts() {
        String alice = gateway.createKey("alice");
        String bob = gateway.createKey("bob");
        HttpResponse<String> funded = gateway.post("/api/wallet/fund", alice, "{\"amount\": 500}");
        assertThat(funded.statusCode()).isEqualTo(201);
        String invoiceId = TestGateway.json(funded.body()).get("invoiceId").asText();

        assertThat(gateway.get("/api/wallet/status?invoiceId=" + invoiceId, alice).statusCode()).isEqualTo(200);
        assertThat(gateway.get("/api/wallet/status?invoiceId=" + invoiceId, bob).statusCode()).isEqualTo(404);
        assertThat(settle(bob, invoiceId).statusCode()).isEqualTo(401);
        assertThat(settle("wrong", invoiceId).statusCode()).isEqualTo(401);
        for (String bad : List.of("{\"amount\": 50}", "{\"amount\": 2000000}", "{\"amount\": \"lots\"}", "{\"amount\": 1.5}", "[1]")) {
            HttpResponse<String> r = gateway.post("/api/wallet/fund", alice, bad);
            assertThat(r.statusCode()).as(bad).isEqualTo(400);
            assertThat(TestGateway.json(r.body()).at("/error/type").asText()).isEqualTo("invalid_request_error");
        }
        assertThat(gateway.post("/api/wallet/fund", null, "{}").statusCode()).isEqualTo(401);
        assertThat(gateway.get("/api/wallet/balance", bob).statusCode()).isEqualTo(200);
        assertThat(balance(bob).get("balanceSats").asLong()).isZero();
    }

    @Test
    void shouldShowTheInvoicePageWithItsQrCodeAndLiveStatusInABrowser() throws Exception {
        String key = gateway.createKey("page");
        String invoiceId = TestGateway.json(gateway.post("/api/wallet/fund", key, "{\"amount\": 2100}").body()).get("invoiceId").asText();
        String url = gateway.baseUrl() + "/api/wallet/invoices/" + invoiceId;

        String pending = dumpDom(url, null);
        assertThat(pending).contains("2100 sats").contains("lnbcrt").contains("<svg").contains("data-state=\"pending\"");

        assertThat(settle(ADMIN, invoiceId).statusCode()).isEqualTo(200);
        Path shot = Path.of("target", "invoice-page.png");
        String settled = dumpDom(url, shot);
        assertThat(settled).contains("data-state=\"settled\"");
        assertThat(Files.size(shot)).isGreaterThan(5_000);
    }

    private static String dumpDom(String url, Path screenshot) throws Exception {
        Path chromium = Path.of("/usr/bin/chromium");
        assertThat(chromium).as("Debian's chromium (apt-get install chromium chromium-driver; ./pura test installs it)").exists();
        Path profile = Files.createTempDirectory("chromium-profile");
        List<String> cmd = new java.util.ArrayList<>(List.of(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + profile, "--virtual-time-budget=4000"));
        if (screenshot != null) {
            Files.createDirectories(screenshot.getParent());
            cmd.add("--window-size=520,900");
            cmd.add("--screenshot=" + screenshot.toAbsolutePath());
        } else {
            cmd.add("--dump-dom");
        }
        cmd.add(url);
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String dom = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return screenshot == null ? dom : TestGateway.send(HttpRequest.newBuilder(URI.create(url)).build()).body();
    }
}
