package xyz.pura.ledger.remote;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import xyz.pura.events.Json;
import xyz.pura.events.KeyReport;
import xyz.pura.events.KeyUsage;
import xyz.pura.events.LedgerEntry;
import xyz.pura.events.LedgerReads;
import xyz.pura.events.WalletBalance;
import xyz.pura.events.refusal.Refusal;
import xyz.pura.events.refusal.Refused;

/**
 * Reports and wallet balances from ledger instances elsewhere: for an ingress without the ledger role
 * ({@code PURA_LEDGER_URL}, one URL or several separated by commas), and for a ledger instance forwarding a read to
 * the instance that owns the key. Any instance answers for any key (it forwards to the owner), so an ingress asks
 * them in turn, starting with the next one each time, and moves on when one cannot be reached or is not ready.
 */
public final class RemoteLedger implements LedgerReads {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final List<String> baseUrls;
    private final String readMode;
    private final AtomicInteger next = new AtomicInteger();

    /** @param baseUrls one URL, or several separated by commas */
    public RemoteLedger(String baseUrls) {
        this(parse(baseUrls), null);
    }

    /** @param readMode the {@link LedgerWire#READ_HEADER} to send, or null for an ordinary (routed) read */
    RemoteLedger(List<String> baseUrls, String readMode) {
        if (baseUrls.isEmpty()) {
            throw new IllegalArgumentException("no ledger URL");
        }
        this.baseUrls = List.copyOf(baseUrls);
        this.readMode = readMode;
    }

    /** The URLs of a comma-separated list, without trailing slashes. */
    public static List<String> parse(String baseUrls) {
        List<String> out = new ArrayList<>();
        for (String u : baseUrls.split(",")) {
            String t = u.trim();
            if (!t.isEmpty()) {
                out.add(t.endsWith("/") ? t.substring(0, t.length() - 1) : t);
            }
        }
        return out;
    }

    @Override
    public KeyReport report(String keyId, Instant at) {
        return get(LedgerWire.REPORT_PATH + keyId, KeyReport.class);
    }

    @Override
    public WalletBalance balance(String keyId) {
        return get(LedgerWire.BALANCE_PATH + keyId, WalletBalance.class);
    }

    @Override
    public List<LedgerEntry> recentEntries(String keyId, int limit) {
        LedgerEntry[] all = get(LedgerWire.RECENT_PATH + keyId + "?limit=" + limit, LedgerEntry[].class);
        return List.of(all).subList(0, Math.min(limit, all.length));
    }

    @Override
    public KeyUsage usage(String keyId, LocalDate from, LocalDate to) {
        return get(LedgerWire.USAGE_PATH + keyId + "?from=" + from + "&to=" + to, KeyUsage.class);
    }

    private <T> T get(String path, Class<T> type) {
        int start = Math.floorMod(next.getAndIncrement(), baseUrls.size());
        for (int i = 0; i < baseUrls.size(); i++) {
            String base = baseUrls.get((start + i) % baseUrls.size());
            try {
                HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(5));
                if (readMode != null) {
                    request.header(LedgerWire.READ_HEADER, readMode);
                }
                HttpResponse<byte[]> r = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
                if (r.statusCode() == 200) {
                    return Json.mapper().readValue(r.body(), type);
                }
            } catch (IOException e) {
                // this instance cannot be reached: the next one
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new Refused(new Refusal.Unavailable("ledger_unavailable",
                "This is not available right now; no ledger instance could answer for this key (starting, rebalancing "
                        + "or unreachable). Try again shortly.", Refusal.retryAfter(1)));
    }
}
