package xyz.pura.router.internal;

import xyz.pura.events.ProviderId;
import xyz.pura.events.Tier;
import xyz.pura.router.CatalogModel;

/** The candidates of one decision and their weights; scratch confined to the deciding thread. */
public final class Weighing {
    final ProviderId[] ids;
    final CatalogModel[] models;
    final double[] quality;
    final double[] share;
    final double[] weight;
    final boolean[] boosted;
    int n;
    Tier tier;
    /** What became of {@code routing.prefer} (X-Pura-Prefer), or null without one. */
    String preferNote;
    boolean degraded;
    boolean weightsUsable = true;
    int top;
    double total;

    Weighing(int capacity) {
        ids = new ProviderId[capacity];
        models = new CatalogModel[capacity];
        quality = new double[capacity];
        share = new double[capacity];
        weight = new double[capacity];
        boosted = new boolean[capacity];
    }

    /**
     * Within each group of equal standing (quality within {@code epsilon} of the group's best), the
     * group's total weight is redistributed in proportion to pool shares. Groups are formed from the
     * best quality down, so pool units never lift a provider above a better one.
     */
    static void breakTies(Weighing w, double epsilon) {
        int[] byQuality = new int[w.n];
        for (int i = 0; i < w.n; i++) {
            int j = i;
            while (j > 0 && w.quality[byQuality[j - 1]] < w.quality[i]) {
                byQuality[j] = byQuality[j - 1];
                j--;
            }
            byQuality[j] = i;
        }
        for (int start = 0; start < w.n; ) {
            double head = w.quality[byQuality[start]];
            int end = start + 1;
            while (end < w.n && w.quality[byQuality[end]] >= head - epsilon) {
                end++;
            }
            if (end - start > 1) {
                double groupWeight = 0;
                double groupShare = 0;
                for (int k = start; k < end; k++) {
                    groupWeight += w.weight[byQuality[k]];
                    groupShare += w.share[byQuality[k]];
                }
                for (int k = start; k < end; k++) {
                    int i = byQuality[k];
                    w.weight[i] = groupShare > 0 ? groupWeight * w.share[i] / groupShare : groupWeight / (end - start);
                }
            }
            start = end;
        }
    }

    /** Sums the weights and finds the top candidate (first in tier order on exact ties). */
    void finish() {
        total = 0;
        top = 0;
        for (int i = 0; i < n; i++) {
            total += weight[i];
            if (weight[i] > weight[top]) {
                top = i;
            }
        }
    }

    /** Weighted draw: {@code u} uniform in [0, 1). */
    int draw(double u) {
        double r = u * total;
        for (int i = 0; i < n; i++) {
            r -= weight[i];
            if (r < 0) {
                return i;
            }
        }
        return top;
    }

    /** Uniform over the candidates other than the top one; needs n > 1. */
    int explore(double u) {
        int k = (int) (u * (n - 1));
        return k >= top ? k + 1 : k;
    }

    double probability(int i) {
        return total > 0 ? weight[i] / total : 0;
    }
}
