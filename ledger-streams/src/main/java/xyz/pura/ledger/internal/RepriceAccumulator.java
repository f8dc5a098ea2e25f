package xyz.pura.ledger.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import xyz.pura.events.RequestCompleted;
import xyz.pura.events.pricing.RateCard;
import xyz.pura.ledger.Difference;
import xyz.pura.ledger.Repricing;

/**
 * Folds completions into per-key, per-model totals: what each debited completion's charges were booked at, and
 * their price under another rate card. Each completion counts once (by event id), and only when the ledger debits
 * it ({@link xyz.pura.events.BillingPolicy}). Each completion is also checked against itself: its lines sum to its cost, and each line's
 * price under the completion's own rate card is the price it states, so a difference under the target card is
 * the price change and nothing else. Not thread-safe; one per run.
 */
public final class RepriceAccumulator {
    private final RateCard target;
    private final Set<String> seen = new HashSet<>();
    private final Map<String, Map<String, long[]>> lines = new TreeMap<>();
    private final List<Difference> problems = new ArrayList<>();

    public RepriceAccumulator(RateCard target) {
        this.target = target;
    }

    public void add(String keyId, RequestCompleted c) {
        if (!c.debited() || !seen.add(c.eventId())) {
            return;
        }
        List<RequestCompleted.Charge> charges = c.chargesOrDerived();
        long sum = 0;
        for (RequestCompleted.Charge charge : charges) {
            sum = Math.addExact(sum, charge.costNanoUsd());
        }
        if (sum != c.costNanoUsd()) {
            problems.add(new Difference(keyId, c.requestId() + " charges", Long.toString(sum), Long.toString(c.costNanoUsd())));
        }
        RateCard own = own(keyId, c);
        for (RequestCompleted.Charge charge : charges) {
            if (own != null) {
                Long ownPrice = price(own, keyId, c, charge);
                if (ownPrice != null && ownPrice != charge.costNanoUsd()) {
                    problems.add(new Difference(keyId, c.requestId() + " " + charge.kind() + " on " + charge.model()
                            + " under " + own.version(), Long.toString(ownPrice), Long.toString(charge.costNanoUsd())));
                }
            }
            Long repriced = price(target, keyId, c, charge);
            long[] line = lines.computeIfAbsent(keyId, k -> new TreeMap<>()).computeIfAbsent(charge.model(), m -> new long[3]);
            line[0]++;
            line[1] = Math.addExact(line[1], charge.costNanoUsd());
            // a line the target card cannot price keeps its recorded price (and is listed as a problem)
            line[2] = Math.addExact(line[2], repriced == null ? charge.costNanoUsd() : repriced);
        }
    }

    private RateCard own(String keyId, RequestCompleted c) {
        if (c.rateCardVersion() == null) {
            problems.add(new Difference(keyId, c.requestId() + " rateCardVersion", "a published version", "none"));
            return null;
        }
        try {
            return RateCard.load(c.rateCardVersion());
        } catch (RuntimeException unpublished) {
            problems.add(new Difference(keyId, c.requestId() + " rateCardVersion", "a published version", c.rateCardVersion()));
            return null;
        }
    }

    private Long price(RateCard card, String keyId, RequestCompleted c, RequestCompleted.Charge charge) {
        try {
            return card.cost(charge.model(), charge.tokens()).nanos();
        } catch (IllegalArgumentException e) { // an unknown model (UnknownModelException) or inconsistent counts
            problems.add(new Difference(keyId, c.requestId() + " " + charge.model(), "priced under " + card.version(),
                    e.getMessage()));
            return null;
        }
    }

    public Repricing result() {
        Map<String, Map<String, Repricing.Line>> out = new TreeMap<>();
        lines.forEach((key, models) -> {
            Map<String, Repricing.Line> m = new TreeMap<>();
            models.forEach((model, l) -> m.put(model, new Repricing.Line(l[0], l[1], l[2])));
            out.put(key, java.util.Collections.unmodifiableSortedMap((TreeMap<String, Repricing.Line>) m));
        });
        return new Repricing(target.version(), out, problems);
    }
}
