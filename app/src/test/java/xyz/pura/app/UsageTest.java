package xyz.pura.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import xyz.pura.app.testing.BackdatedKey;
import xyz.pura.app.testing.TestGateway;
import xyz.pura.events.RequestCompleted;

/** The usage API and the export against the real gateway: the same nano-dollars as /api/report, scopes, refusals, days. */
class UsageTest {
    private static final String ADMIN = "usage-admin-token";
    private static final String CHAT = "{\"model\":\"%s\",\"messages\":[{\"role\":\"user\",\"content\":\"Tell me about %s\"}]}";
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
    void shouldAgreeWithTheReportAndTheExportToTheNanoDollar() {
        // given a key with three answered requests on two models
        String key = gateway.createKey("usage-agree");
        List<String> ids = new ArrayList<>();
        for (String model : List.of("gpt-4o-mini", "gpt-4o-mini", "llama-3.3-70b-versatile")) {
            HttpResponse<String> r = gateway.post("/v1/chat/completions", key, CHAT.formatted(model, "ledgers " + ids.size()));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            ids.add(r.headers().firstValue("X-Pura-Request-Id").orElseThrow());
        }
        JsonNode report = gateway.awaitReport(key, 3);

        // when the usage page's API and both exports are read for today
        JsonNode usage = awaitUsage(key, "", 3);
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        // (the ledger's stores answer as soon as a debit is processed; its entries reach read_committed readers of
        // pura.ledger at the transaction's commit, up to 100 ms later)
        HttpResponse<String> csv = awaitExport("/api/usage/export?from=" + today + "&to=" + today + "&format=csv", key, 4);
        HttpResponse<String> jsonl = awaitExport("/api/usage/export?from=" + today + "&to=" + today + "&format=jsonl", key, 3);

        // then the totals, the day and every model line are the report's, to the nano-dollar
        assertThat(usage.get("totalSpendUsd").asText()).isEqualTo(report.get("totalSpendUsd").asText());
        assertThat(usage.get("averageCostUsd").asText()).isEqualTo(report.get("averageCostUsd").asText());
        JsonNode day = last(usage.get("daily"));
        assertThat(day.get("day").asText()).isEqualTo(today);
        assertThat(day.get("costUsd").asText()).isEqualTo(report.get("totalSpendUsd").asText());
        assertThat(day.get("requests").asLong()).isEqualTo(3);
        assertThat(usage.get("daily")).hasSize(30);
        for (JsonNode m : report.get("models")) {
            JsonNode same = find(usage.get("models"), "model", m.get("model").asText());
            assertThat(same.get("costUsd")).isEqualTo(m.get("costUsd"));
            assertThat(same.get("requests")).isEqualTo(m.get("requests"));
            assertThat(same.get("tokens")).isEqualTo(m.get("tokens"));
            assertThat(same.get("estimatedRequests")).isEqualTo(m.get("estimatedRequests"));
        }
        assertThat(usage.get("budget").get("dailyBudgetUsd").asText()).isEqualTo(report.get("budget").get("dailyBudgetUsd").asText());
        assertThat(usage.get("wallet").get("freeRequestsLeft").asLong()).isEqualTo(5000 - 3);

        // and the CSV export has a header and one line per debit, whose costs sum to the report's
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("content-type").orElseThrow()).startsWith("text/csv");
        assertThat(csv.headers().firstValue("transfer-encoding")).hasValue("chunked");
        List<String> lines = List.of(csv.body().split("\r\n"));
        List<String> header = List.of(lines.getFirst().split(","));
        assertThat(header).startsWith("occurredAt", "utcDay", "keyId", "entryId", "kind");
        List<Map<String, String>> rows = lines.subList(1, lines.size()).stream().map(l -> row(header, l)).toList();
        assertThat(rows).extracting(r -> r.get("sourceId")).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(rows).allSatisfy(r -> {
            assertThat(r.get("kind")).isEqualTo("debit");
            assertThat(r.get("utcDay")).isEqualTo(today);
            assertThat(new BigDecimal(r.get("costUsd")).movePointRight(9).longValueExact())
                    .isEqualTo(Long.parseLong(r.get("costNanoUsd")));
            assertThat(r.get("endpoint")).isEqualTo("/v1/chat/completions");
            assertThat(r.get("tier")).isNotBlank();
            assertThat(r.get("rateCardVersion")).isNotBlank();
        });
        assertThat(rows.stream().mapToLong(r -> Long.parseLong(r.get("costNanoUsd"))).sum())
                .isEqualTo(nanos(report.get("totalSpendUsd").asText()));
        long reportOutput = 0;
        for (JsonNode m : report.get("models")) {
            reportOutput += m.get("tokens").get("output").asLong();
        }
        assertThat(rows.stream().mapToLong(r -> Long.parseLong(r.get("outputTokens"))).sum()).isEqualTo(reportOutput);

        // and the JSON Lines export says the same, line by line
        assertThat(jsonl.statusCode()).isEqualTo(200);
        List<JsonNode> objects = Arrays.stream(jsonl.body().split("\n")).map(TestGateway::json).toList();
        assertThat(objects).hasSize(3);
        assertThat(objects.stream().mapToLong(o -> o.get("costNanoUsd").asLong()).sum())
                .isEqualTo(nanos(report.get("totalSpendUsd").asText()));
        assertThat(objects).extracting(o -> o.get("sourceId").asText()).containsExactlyInAnyOrderElementsOf(ids);
    }

    @Test
    void shouldShowTheAdminEveryKeyAndAKeyOnlyItself() {
        // given two keys with a request each
        String a = gateway.createKey("usage-a");
        String b = gateway.createKey("usage-b");
        assertThat(gateway.post("/v1/chat/completions", a, CHAT.formatted("gpt-4o-mini", "a")).statusCode()).isEqualTo(200);
        assertThat(gateway.post("/v1/chat/completions", b, CHAT.formatted("gpt-4o-mini", "b")).statusCode()).isEqualTo(200);
        JsonNode usageA = awaitUsage(a, "", 1);
        JsonNode usageB = awaitUsage(b, "", 1);
        String idA = usageA.get("keyId").asText();
        String idB = usageB.get("keyId").asText();

        // then the admin's list has both, with their spend and today's
        HttpResponse<String> list = gateway.get("/api/usage/keys", ADMIN);
        assertThat(list.statusCode()).isEqualTo(200);
        JsonNode rowB = find(TestGateway.json(list.body()).get("data"), "keyId", idB);
        assertThat(rowB.get("label").asText()).isEqualTo("usage-b");
        assertThat(rowB.get("spendUsd").asText()).isEqualTo(usageB.get("totalSpendUsd").asText());
        assertThat(rowB.get("requests").asLong()).isEqualTo(1);
        assertThat(rowB.get("dailyBudgetUsd").asText()).isEqualTo("10.000000000");
        assertThat(find(TestGateway.json(list.body()).get("data"), "keyId", idA).get("spendUsd").asText())
                .isEqualTo(usageA.get("totalSpendUsd").asText());
        // and it drills down into one key with the key's own view
        JsonNode drilled = TestGateway.json(gateway.get("/api/usage?key=" + idB, ADMIN).body());
        assertThat(drilled.get("totalSpendUsd")).isEqualTo(usageB.get("totalSpendUsd"));
        assertThat(drilled.get("daily")).isEqualTo(usageB.get("daily"));
        // and the admin's export of one key holds only that key, of every key both
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        String range = "from=" + today + "&to=" + today + "&format=jsonl";
        assertThat(lines(awaitExport("/api/usage/export?" + range + "&key=" + idB, ADMIN, 1)))
                .extracting(o -> o.get("keyId").asText()).containsOnly(idB).hasSize(1);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(lines(gateway.get("/api/usage/export?" + range,
                ADMIN))).extracting(o -> o.get("keyId").asText()).contains(idA, idB));

        // but a key cannot see the other key, nor the list
        assertRefused(gateway.get("/api/usage?key=" + idB, a), 403, "permission_error", null);
        assertRefused(gateway.get("/api/usage?key=key_0000000000000000", a), 403, "permission_error", null);
        assertRefused(gateway.get("/api/usage/export?" + range + "&key=" + idB, a), 403, "permission_error", null);
        assertRefused(gateway.get("/api/usage/keys", a), 403, "permission_error", null);
        assertThat(TestGateway.json(gateway.get("/api/usage?key=" + idA, a).body()).get("keyId").asText()).isEqualTo(idA);
        // and without a credential nothing answers
        assertRefused(gateway.get("/api/usage", null), 401, "invalid_request_error", null);
        assertRefused(gateway.get("/api/usage/keys", null), 401, "invalid_request_error", null);
        assertRefused(gateway.get("/api/usage/export?" + range, "pura_not-a-key"), 401, "invalid_request_error", null);
        // and the admin must name a key that exists
        assertRefused(gateway.get("/api/usage", ADMIN), 400, "invalid_request_error", "key");
        assertRefused(gateway.get("/api/usage?key=key_0000000000000000", ADMIN), 404, "invalid_request_error", "key");
    }

    @Test
    void shouldRefuseBadParametersWith400() {
        String key = gateway.createKey("usage-bad");
        for (String days : List.of("0", "401", "abc", "-3", "1e3")) {
            assertRefused(gateway.get("/api/usage?days=" + days, key), 400, "invalid_request_error", "days");
        }
        assertRefused(gateway.get("/api/usage/keys?days=999", ADMIN), 400, "invalid_request_error", "days");
        String export = "/api/usage/export?";
        assertRefused(gateway.get(export + "from=2026-12-07&to=2026-12-06&format=csv", key), 400, "invalid_request_error", "from");
        assertRefused(gateway.get(export + "from=2026-13-01&to=2026-12-06&format=csv", key), 400, "invalid_request_error", "from");
        assertRefused(gateway.get(export + "from=2026-12-01&to=20261206&format=csv", key), 400, "invalid_request_error", "to");
        assertRefused(gateway.get(export + "from=2026-12-01&format=csv", key), 400, "invalid_request_error", "to");
        assertRefused(gateway.get(export + "from=2025-01-01&to=2026-12-06&format=csv", key), 400, "invalid_request_error", "to");
        assertRefused(gateway.get(export + "from=2026-12-01&to=2026-12-06&format=xml", key), 400, "invalid_request_error", "format");
        assertRefused(gateway.get(export + "from=2026-12-01&to=2026-12-06", key), 400, "invalid_request_error", "format");
        // the longest range is fine
        assertThat(gateway.get(export + "from=2025-11-03&to=2026-12-07&format=csv", key).statusCode()).isEqualTo(200);
    }

    @Test
    void shouldServeThePageToAnyoneAndLetItTalkOnlyToItsOrigin() {
        HttpResponse<String> page = gateway.get("/usage", null);

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("content-type").orElseThrow()).startsWith("text/html");
        assertThat(page.headers().firstValue("content-security-policy").orElseThrow())
                .contains("default-src 'none'").contains("connect-src 'self'").contains("frame-ancestors 'none'");
        assertThat(page.body()).contains("createElementNS(SVG", "/api/usage", "sessionStorage").doesNotContain("<script src", "<link", "https://")
                .doesNotContainPattern("(src|href|url)\\(?=?\"?https?:");
    }

    @Test
    void shouldSplitSpendBetweenTwoUtcDays() {
        // given a key created yesterday with a debit yesterday, more than 24 h ago (outside the report's window)
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        LocalDate yesterday = today.minusDays(1);
        Instant yesterdayStart = yesterday.atStartOfDay(ZoneOffset.UTC).toInstant();
        BackdatedKey key = BackdatedKey.publish("usage-rollover", yesterdayStart);
        String old = key.debit("gpt-4o", 1_234_567, new RequestCompleted.ProviderUsage(400, 50, 100, 10, 20, 30),
                yesterdayStart.plusMillis(1));
        JsonNode before = awaitUsage(key.secret(), "", 1);
        // and then one answered request today
        assertThat(gateway.post("/v1/chat/completions", key.secret(), CHAT.formatted("gpt-4o-mini", "today")).statusCode())
                .isEqualTo(200);
        JsonNode report = gateway.awaitReport(key.secret(), 1);

        // when its usage and its export of both days are read
        JsonNode usage = awaitUsage(key.secret(), "", 2);
        List<JsonNode> entries = lines(awaitExport("/api/usage/export?from=" + yesterday + "&to=" + today + "&format=jsonl",
                key.secret(), 2));

        // then yesterday holds the backdated debit alone, with its components, and today the report's request
        JsonNode daily = usage.get("daily");
        JsonNode first = daily.get(daily.size() - 2);
        assertThat(first.get("day").asText()).isEqualTo(yesterday.toString());
        assertThat(first.get("costUsd").asText()).isEqualTo("0.001234567");
        assertThat(first.get("requests").asLong()).isEqualTo(1);
        assertThat(first.get("tokens").get("cacheRead").asLong()).isEqualTo(100);
        assertThat(first.get("tokens").get("cacheWrite1h").asLong()).isEqualTo(30);
        assertThat(first.get("tokens").get("reasoning").asLong()).isEqualTo(10);
        assertThat(before.get("totalSpendUsd").asText()).isEqualTo("0.001234567");
        JsonNode second = last(daily);
        assertThat(second.get("day").asText()).isEqualTo(today.toString());
        assertThat(second.get("costUsd").asText()).isEqualTo(report.get("totalSpendUsd").asText());
        assertThat(usage.get("requestCount").asLong()).isEqualTo(2);
        // and the export books each to its day, with the same amounts
        assertThat(entries).hasSize(2);
        assertThat(entries.get(0).get("sourceId").asText()).isEqualTo(old);
        assertThat(entries.get(0).get("utcDay").asText()).isEqualTo(yesterday.toString());
        assertThat(entries.get(0).get("costNanoUsd").asLong()).isEqualTo(1_234_567);
        assertThat(entries.get(0).get("cacheReadTokens").asLong()).isEqualTo(100);
        assertThat(entries.get(1).get("utcDay").asText()).isEqualTo(today.toString());
        assertThat(entries.get(1).get("costUsd").asText()).isEqualTo(report.get("totalSpendUsd").asText());
    }

    private static JsonNode awaitUsage(String key, String query, long requests) {
        JsonNode[] out = new JsonNode[1];
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            HttpResponse<String> r = gateway.get("/api/usage?days=30" + query, key);
            out[0] = r.statusCode() == 200 ? TestGateway.json(r.body()) : null;
            return out[0] != null && out[0].get("requestCount").asLong() == requests;
        });
        return out[0];
    }

    /** The export once it has {@code lines} lines (header included). */
    private static HttpResponse<String> awaitExport(String path, String key, int lines) {
        List<HttpResponse<String>> out = new ArrayList<>(List.of(gateway.get(path, key)));
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            out.set(0, gateway.get(path, key));
            return out.getFirst().statusCode() == 200 && !out.getFirst().body().isEmpty()
                    && out.getFirst().body().split("\n").length == lines;
        });
        return out.getFirst();
    }

    private static void assertRefused(HttpResponse<String> r, int status, String type, String param) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        JsonNode error = TestGateway.json(r.body()).get("error");
        assertThat(error.get("type").asText()).isEqualTo(type);
        assertThat(error.get("message").asText()).isNotBlank();
        if (param != null) {
            assertThat(error.get("param").asText()).isEqualTo(param);
        }
    }

    private static List<JsonNode> lines(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return r.body().isEmpty() ? List.of() : Arrays.stream(r.body().split("\n")).map(TestGateway::json).toList();
    }

    private static Map<String, String> row(List<String> header, String line) {
        String[] v = line.split(",", -1);
        assertThat(v).as("fields of %s", line).hasSize(header.size());
        Map<String, String> out = new java.util.HashMap<>();
        for (int i = 0; i < v.length; i++) {
            out.put(header.get(i), v[i]);
        }
        return out;
    }

    private static JsonNode find(JsonNode array, String field, String value) {
        for (JsonNode n : array) {
            if (n.get(field).asText().equals(value)) {
                return n;
            }
        }
        throw new AssertionError("no " + field + "=" + value + " in " + array);
    }

    private static JsonNode last(JsonNode array) {
        return array.get(array.size() - 1);
    }

    private static long nanos(String usd) {
        return new BigDecimal(usd).movePointRight(9).longValueExact();
    }
}
