package xyz.pura.ingress.usage;

import io.javalin.http.Context;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import xyz.pura.events.refusal.Refusal;
import xyz.pura.events.refusal.Refused;

/**
 * {@code GET /api/usage/export?from=YYYY-MM-DD&to=YYYY-MM-DD&format=csv|jsonl}: one line per ledger entry booked to
 * those UTC days (at most {@value UsageRange#MAX_DAYS}), the caller's own key, or with the admin token every key or
 * {@code ?key=}. At most {@value #AT_ONCE} at once per instance (then 429). Streamed as it is read from {@code pura.ledger} (chunked, 64 KiB at a time); every refusal comes
 * before the first byte. A failure after that cuts the stream short (no final chunk), so a truncated export cannot
 * pass for a whole one.
 */
public final class ExportHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ExportHandler.class);
    private static final int BUFFER = 64 * 1024;
    /** Exports one instance runs at once: each scans pura.ledger with a consumer of its own. */
    static final int AT_ONCE = 4;

    private final UsageScope scope;
    private final EntrySource entries;
    private final Semaphore running = new Semaphore(AT_ONCE);

    public ExportHandler(UsageHandler usage, EntrySource entries) {
        this.scope = usage.scope();
        this.entries = entries;
    }

    public void export(Context ctx) {
        String keyId = scope.keyIdToExport(ctx);
        UsageRange range = UsageRange.between(ctx);
        ExportFormat format = ExportFormat.named(ctx.queryParam("format"));
        if (format == null) {
            throw Refused.invalid("'format' must be csv or jsonl.", "format");
        }
        if (!running.tryAcquire()) {
            throw new Refused(new Refusal.RateLimited("too_many_exports", AT_ONCE + " exports are already running on this "
                    + "instance; try again shortly.", Refusal.retryAfter(5)));
        }
        try {
            stream(ctx, keyId, range, format);
        } finally {
            running.release();
        }
    }

    private void stream(Context ctx, String keyId, UsageRange range, ExportFormat format) {
        ctx.status(200);
        ctx.res().setContentType(format.contentType);
        ctx.res().setHeader("Cache-Control", "no-store");
        ctx.res().setHeader("Content-Disposition", "attachment; filename=\"pura-ledger-" + range.from() + "-" + range.to()
                + "." + format.extension + "\"");
        long[] lines = new long[1];
        try {
            OutputStream out = new BufferedOutputStream(ctx.res().getOutputStream(), BUFFER);
            out.write(format.header());
            entries.entries(keyId, range.from(), range.to(), e -> {
                try {
                    out.write(format.line(e));
                    lines[0]++;
                } catch (IOException clientGone) {
                    throw new UncheckedIOException(clientGone);
                }
            });
            out.flush();
        } catch (IOException | UncheckedIOException clientGone) {
            LOG.debug("export cut short after {} lines: {}", lines[0], clientGone.toString());
        } catch (RuntimeException e) {
            if (!ctx.res().isCommitted()) {
                throw new Refused(new Refusal.Unavailable("ledger_unavailable", "The ledger's entries cannot be read "
                        + "right now (Kafka unreachable). Try again shortly.", Refusal.retryAfter(1)));
            }
            LOG.warn("export failed after {} lines; the stream is cut short", lines[0], e);
            throw e;
        }
    }
}
