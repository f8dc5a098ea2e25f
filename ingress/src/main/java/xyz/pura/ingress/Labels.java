package xyz.pura.ingress;

/**
 * Key labels are shown to people (the usage page, the admin API), so they are printable text: a new key's label
 * with a control character (NUL, ESC, CR, LF, ...) or an unpaired UTF-16 surrogate is refused, and a label stored
 * before that rule is shown with each such character replaced by U+FFFD. (Headless Chromium crashed, exit 132, on a
 * page showing a label with an unpaired surrogate.)
 */
public final class Labels {
    private static final char REPLACEMENT = '\uFFFD';

    private Labels() {
    }

    /** Whether {@code s} holds no control character and no unpaired surrogate. */
    public static boolean printable(String s) {
        return s.equals(shown(s));
    }

    /** {@code s} with every control character and unpaired surrogate replaced by U+FFFD. */
    public static String shown(String s) {
        if (s == null) {
            return null;
        }
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean bad;
            if (Character.isHighSurrogate(c)) {
                bad = i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1));
                if (!bad) {
                    if (out != null) {
                        out.append(c).append(s.charAt(i + 1));
                    }
                    i++;
                    continue;
                }
            } else {
                bad = Character.isLowSurrogate(c) || Character.isISOControl(c);
            }
            if (bad && out == null) {
                out = new StringBuilder(s.length()).append(s, 0, i);
            }
            if (out != null) {
                out.append(bad ? REPLACEMENT : c);
            }
        }
        return out == null ? s : out.toString();
    }
}
