package xyz.pura.ledger.remote;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import xyz.pura.events.Json;
import xyz.pura.events.KeyReport;
import xyz.pura.events.LedgerEntry;
import xyz.pura.events.WalletBalance;
import xyz.pura.events.LedgerReads;
import xyz.pura.events.refusal.Refusal;
import xyz.pura.events.refusal.Refused;

/** Reports and wallet balances from a ledger process elsewhere ({@code PURA_LEDGER_URL}), for an ingress that runs without the ledger. */
public final class RemoteLedger implements LedgerReads {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final String baseUrl;

    public RemoteLedger(String baseUrl) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    }

    @Override
    public KeyReport report(String keyId, Instant at) {
        return get(LedgerWire.REPORT_PATH + keyId, KeyReport.class);
    }

    @Override
    public WalletBalance balance(String keyId) {
        return get(LedgerWire.WALLET_PATH + keyId, LedgerWire.Wallet.class).balance();
    }

    @Override
    public List<LedgerEntry> recentEntries(String keyId, int limit) {
        List<LedgerEntry> all = get(LedgerWire.WALLET_PATH + keyId, LedgerWire.Wallet.class).entries();
        return all.subList(0, Math.min(limit, all.size()));
    }

    private <T> T get(String path, Class<T> type) {
        try {
            HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() == 200) {
                return Json.mapper().readValue(r.body(), type);
            }
        } catch (IOException e) {
            // reported below
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new Refused(new Refusal.Unavailable("ledger_unavailable",
                "This is not available right now; the ledger service cannot be reached. Try again shortly.",
                Refusal.retryAfter(1)));
    }
}
