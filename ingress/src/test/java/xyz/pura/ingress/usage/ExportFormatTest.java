package xyz.pura.ingress.usage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import xyz.pura.events.Json;
import xyz.pura.events.LedgerEntry;
import xyz.pura.events.pricing.TokenUsage;

class ExportFormatTest {
    private static final Instant AT = Instant.parse("2026-12-07T10:15:30.123Z");

    @Test
    void shouldQuoteCsvFieldsThatHoldACommaAQuoteOrALineBreak() {
        assertThat(ExportFormat.csv("gpt-4o")).isEqualTo("gpt-4o");
        assertThat(ExportFormat.csv("a,b")).isEqualTo("\"a,b\"");
        assertThat(ExportFormat.csv("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(ExportFormat.csv("two\nlines")).isEqualTo("\"two\nlines\"");
        assertThat(ExportFormat.csv("")).isEmpty();
    }

    @Test
    void shouldWriteADebitAsOneCsvLineUnderTheHeader() {
        String header = new String(ExportFormat.CSV.header(), StandardCharsets.UTF_8);
        String line = new String(ExportFormat.CSV.line(debit()), StandardCharsets.UTF_8);

        assertThat(header).isEqualTo(String.join(",", ExportFormat.COLUMNS) + "\r\n");
        assertThat(line).isEqualTo("2026-12-07T10:15:30.123Z,2026-12-07,key_0123456789abcdef,req_1:debit,debit,7,request,"
                + "req_1,/v1/messages,anthropic,claude-sonnet-4-5,premium,ok,provider,2026-12-07.1,3000,1024,512,256,900,600,"
                + "0.000012345,12345,13580,13.580,1100000,false\r\n");
        assertThat(line.split(",", -1)).hasSize(ExportFormat.COLUMNS.size());
    }

    @Test
    void shouldWriteACreditAsAJsonLineWithTheSameNames() throws Exception {
        LedgerEntry credit = new LedgerEntry(1, "inv:credit", AT, "key_0123456789abcdef", 8, LedgerEntry.CREDIT,
                LedgerEntry.SOURCE_INVOICE, "inv", 0, 10_000_000, LocalDate.parse("2026-12-07"), null, null, null, null,
                null, null, null, 0, 0, 0, 0, 10_000_000);

        byte[] bytes = ExportFormat.JSONL.line(credit);

        assertThat(bytes[bytes.length - 1]).isEqualTo((byte) '\n');
        JsonNode o = Json.mapper().readTree(bytes);
        assertThat(o.properties()).extracting(java.util.Map.Entry::getKey).containsExactlyElementsOf(ExportFormat.COLUMNS);
        assertThat(o.get("kind").asText()).isEqualTo("credit");
        assertThat(o.get("costUsd").asText()).isEqualTo("0.000000000");
        assertThat(o.get("sats").asText()).isEqualTo("10000.000");
        assertThat(o.get("inputTokens").isNull()).isTrue();
        assertThat(ExportFormat.JSONL.header()).isEmpty();
    }

    private static LedgerEntry debit() {
        return new LedgerEntry(1, "req_1:debit", AT, "key_0123456789abcdef", 7, LedgerEntry.DEBIT, LedgerEntry.SOURCE_REQUEST,
                "req_1", 12_345, 13_580, LocalDate.parse("2026-12-07"), "2026-12-07.1", "anthropic", "claude-sonnet-4-5", "ok",
                2_000, 300, false, 50_000, 3, 90_000, 7, -13_580, 1_100_000L, "provider", "/v1/messages", "premium",
                new TokenUsage(3_000, 1_024, 512, 256, 900, 600));
    }
}
