package xyz.pura.events;

import java.util.List;

/** How a module's settings report what is wrong with them: every problem at once, not the first one met. */
public final class ConfigProblems {
    private ConfigProblems() {
    }

    /** Throws the one problem as it is, or one naming them all (each also a suppressed exception); nothing if none. */
    public static void throwAll(List<IllegalArgumentException> problems) {
        if (problems.size() == 1) {
            throw problems.get(0);
        }
        if (!problems.isEmpty()) {
            IllegalArgumentException all = new IllegalArgumentException(String.join("; ",
                    problems.stream().map(Throwable::getMessage).toList()));
            problems.forEach(all::addSuppressed);
            throw all;
        }
    }
}
