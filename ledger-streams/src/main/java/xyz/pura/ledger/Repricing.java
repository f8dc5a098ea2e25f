package xyz.pura.ledger;

import java.util.List;
import java.util.Map;

/**
 * The billing history priced again under another rate card version, beside what was booked: what a platform team
 * reads when a provider changes its prices or disputes an invoice. Nothing is written anywhere.
 *
 * @param version the rate card version priced under
 * @param lines per key id, then per model, sorted
 * @param problems completions whose recorded charges do not explain their recorded cost: lines that do not sum to
 *     it, a line whose price under the completion's own rate card is not the price it states, a rate card version
 *     that is not published, or a model the target card cannot price
 */
public record Repricing(String version, Map<String, Map<String, Line>> lines, List<Difference> problems) {
    public Repricing {
        lines = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(lines));
        problems = List.copyOf(problems);
    }

    /**
     * One key's charges on one model.
     *
     * @param charges how many charge lines (an answer, or a timed-out attempt's input)
     * @param recordedNanoUsd what the ledger booked for them
     * @param repricedNanoUsd their price under {@link #version()}
     */
    public record Line(long charges, long recordedNanoUsd, long repricedNanoUsd) {
        public long differenceNanoUsd() {
            return Math.subtractExact(repricedNanoUsd, recordedNanoUsd);
        }
    }

    public long recordedTotalNanoUsd() {
        return lines.values().stream().flatMap(m -> m.values().stream()).mapToLong(Line::recordedNanoUsd)
                .reduce(0, Math::addExact);
    }

    public long repricedTotalNanoUsd() {
        return lines.values().stream().flatMap(m -> m.values().stream()).mapToLong(Line::repricedNanoUsd)
                .reduce(0, Math::addExact);
    }
}
