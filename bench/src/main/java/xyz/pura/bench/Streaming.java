package xyz.pura.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Section 3 of the full run: added time to first byte at 200 streams/s on the zero-delay mock, then 1,000 streams
 * held open at once against the slow mock (stalls fail the run). {@link #section} returns the 200 streams/s results
 * direct and through Pura, which the targets table is judged on.
 */
final class Streaming {
    private Streaming() {
    }

    /** The streamed results at 200 streams/s the targets table uses: direct to the mock and through Pura. */
    record Ttfb(Load.Result direct, Load.Result pura) {
    }

    static Ttfb section(RunContext ctx) throws Exception {
        Clients c = ctx.c;
        String mock = ctx.mock, portkey = ctx.portkey;
        ctx.line("## 3. Streaming\n");
        String[] sk = c.newKey("bench-stream");
        Load.Result sd = Clients.directOpen("direct stream 200", mock, ctx.streamBody, 200, ctx.dur(15), 20_000, true);
        Load.Result sp = c.puraOpen("pura stream 200", sk, ctx.streamBody, 200, ctx.dur(15), true);
        ctx.check(sp, true);
        Load.Result sq = portkey == null ? null
                : c.portkeyOpen("portkey stream 200", mock, ctx.streamBody, 200, ctx.dur(15), 20_000, true);
        ctx.line("Time to first byte of the body and total time, from each request's due time, 200 streams/s, zero-delay mock:\n");
        ctx.line(Report.streamHead());
        for (Load.Result r : Arrays.asList(sd, sp, sq)) {
            if (r != null) {
                ctx.line(Report.streamRow(r));
            }
        }
        ctx.line(String.format("\nAdded TTFB (gateway - direct): Pura p50 %s ms, p99 %s ms, p99.9 %s ms; Portkey p50 %s ms, p99 %s ms.\n",
                Report.f3(sp.ms(sp.ttfb, 50) - sd.ms(sd.ttfb, 50)), Report.f3(sp.ms(sp.ttfb, 99) - sd.ms(sd.ttfb, 99)),
                Report.f3(sp.ms(sp.ttfb, 99.9) - sd.ms(sd.ttfb, 99.9)), sq == null ? "-" : Report.f3(sq.ms(sq.ttfb, 50) - sd.ms(sd.ttfb, 50)),
                sq == null ? "-" : Report.f3(sq.ms(sq.ttfb, 99) - sd.ms(sd.ttfb, 99))));
        Ttfb ttfb = new Ttfb(sd, sp);
        if (ctx.slowMock == null) {
            return ttfb;
        }
        String slow = ctx.slowMock + "/openai";
        byte[] slowBody = Clients.body("llama-3.1-8b-instant", true, 60);
        ctx.line("1,000 concurrent streams: 1,000 streams opened over 2 s (500/s) against a mock that waits 100 ms between "
                + "tokens (60 tokens, ~6 s each), so all 1,000 are open at once. A stall: a gap > 1 s between two reads "
                + "of one stream, or a stream that did not end with `[DONE]`.\n");
        ctx.line("| run | opened | finished with [DONE] | errors | peak open at once | TTFB p99 ms | gap p50 ms | gap p99 ms | gap max ms | stalls (gap > 1 s) | total p99 s | error kinds |");
        ctx.line("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        String[] ck = c.newKey("bench-concurrent");
        List<Load.Result> cs = new ArrayList<>();
        cs.add(Clients.directOpen("direct 1000 streams", slow, slowBody, 500, BenchUtil.sec(2), 5_000, true));
        BenchUtil.pause(2);
        Load.Result cpura = c.puraOpen("pura 1000 streams", ck, slowBody, 500, BenchUtil.sec(2), true);
        cs.add(cpura);
        ctx.check(cpura, true);
        if (portkey != null) {
            BenchUtil.pause(2);
            cs.add(c.portkeyOpen("portkey 1000 streams", slow, slowBody, 500, BenchUtil.sec(2), 5_000, true));
        }
        for (Load.Result r : cs) {
            long stalls = r.gaps.getCountBetweenValues(1_000_000, Load.MAX_TRACKABLE_US);
            ctx.line(String.format("| %s | %d | %d | %d | %d | %s | %s | %s | %s | %d | %s | %s |", r.label, r.sent.get(), r.ok.get(),
                    r.errors.get(), r.peakOpen.get(), Report.f3(r.ms(r.ttfb, 99)), Report.f3(r.ms(r.gaps, 50)),
                    Report.f3(r.ms(r.gaps, 99)), Report.f3(r.gaps.getMaxValue() / 1000.0), stalls, Report.f(r.ms(r.latency, 99) / 1000),
                    r.errorSummary()));
            if (r == cpura && (stalls > 0 || r.ok.get() < r.sent.get())) {
                ctx.failures.add("pura concurrent streams: " + stalls + " stalls, " + (r.sent.get() - r.ok.get()) + " unfinished");
            }
        }
        ctx.line("");
        return ttfb;
    }
}
