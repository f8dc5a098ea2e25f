package xyz.pura.router.internal;

/** Mutable counters of one scoring pass; confined to the scoring thread. */
final class Tally {
    final int[] counts = new int[Marker.COUNT];
    long chars;
    int fences;
    int images;
    int systemChars;

    int count(Marker m) {
        return counts[m.ordinal()];
    }
}
