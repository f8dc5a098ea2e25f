package xyz.pura.router.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Marker phrases, bucketed by their first letter so that one pass over the text, checking only at
 * word starts, finds them all without regexes or allocation. A phrase ending in {@code *} is a
 * prefix ("analy*" matches analyze, analysis); otherwise the next character must not be a letter.
 */
final class MarkerTable {
    private final String[][] phrases = new String[26][];
    private final boolean[][] prefix = new boolean[26][];
    private final Marker[][] kinds = new Marker[26][];
    private final char[][] second = new char[26][];

    MarkerTable(List<String[]> spec) {
        List<List<String[]>> buckets = new ArrayList<>();
        for (int i = 0; i < 26; i++) {
            buckets.add(new ArrayList<>());
        }
        for (String[] entry : spec) {
            String phrase = entry[1].toLowerCase(Locale.ROOT);
            char first = phrase.charAt(0);
            if (first < 'a' || first > 'z') {
                throw new IllegalArgumentException("a marker must start with a letter: " + phrase);
            }
            buckets.get(first - 'a').add(new String[] {entry[0], phrase});
        }
        for (int b = 0; b < 26; b++) {
            List<String[]> bucket = buckets.get(b);
            phrases[b] = new String[bucket.size()];
            prefix[b] = new boolean[bucket.size()];
            kinds[b] = new Marker[bucket.size()];
            second[b] = new char[bucket.size()];
            for (int i = 0; i < bucket.size(); i++) {
                String p = bucket.get(i)[1];
                prefix[b][i] = p.endsWith("*");
                phrases[b][i] = prefix[b][i] ? p.substring(0, p.length() - 1) : p;
                kinds[b][i] = Marker.valueOf(bucket.get(i)[0]);
                second[b][i] = phrases[b][i].length() > 1 ? phrases[b][i].charAt(1) : 0;
            }
        }
    }

    /** Counts markers, code fences and math symbols of {@code text} into {@code tally}. */
    void scan(String text, boolean markers, Tally tally) {
        int n = text.length();
        tally.chars += n;
        boolean wordStart = true;
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            char lower = (char) (c | 0x20);
            boolean letter = lower >= 'a' && lower <= 'z';
            if (letter) {
                if (wordStart && markers) {
                    match(text, i, lower - 'a', tally);
                }
                wordStart = false;
            } else if (c == '`') {
                if (i + 2 < n && text.charAt(i + 1) == '`' && text.charAt(i + 2) == '`') {
                    tally.fences++;
                    i += 2;
                }
                wordStart = true;
            } else if (c < 128) {
                wordStart = c < '0' || c > '9';
            } else {
                if (markers && isMathSymbol(c)) {
                    tally.counts[Marker.MATH.ordinal()]++;
                }
                wordStart = !Character.isLetterOrDigit(c);
            }
        }
    }

    private void match(String text, int at, int bucket, Tally tally) {
        String[] candidates = phrases[bucket];
        char[] seconds = second[bucket];
        char next = at + 1 < text.length() ? lower(text.charAt(at + 1)) : 0;
        for (int k = 0; k < candidates.length; k++) {
            String p = candidates[k];
            int end = at + p.length();
            if (end <= text.length() && (seconds[k] == 0 || seconds[k] == next)
                    && text.regionMatches(true, at, p, 0, p.length())
                    && (prefix[bucket][k] || end == text.length() || !isLetter(text.charAt(end)))) {
                tally.counts[kinds[bucket][k].ordinal()]++;
            }
        }
    }

    private static char lower(char c) {
        return c >= 'A' && c <= 'Z' ? (char) (c | 0x20) : c;
    }

    private static boolean isLetter(char c) {
        char lower = (char) (c | 0x20);
        return lower >= 'a' && lower <= 'z' || c >= 128 && Character.isLetter(c);
    }

    private static boolean isMathSymbol(char c) {
        return switch (c) {
            case '∫', '∑', '∏', '√', '≤', '≥', '≠', '≈', '≡', '∀', '∃', '∞', '∂', '∇', 'π', 'θ', 'λ', 'σ', 'μ' -> true;
            default -> false;
        };
    }
}
