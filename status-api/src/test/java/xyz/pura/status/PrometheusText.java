package xyz.pura.status;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict parser of Prometheus text format 0.0.4, for tests: every line is a {@code # HELP}, a
 * {@code # TYPE} or a sample {@code name{labels} value [timestamp]} of a family whose TYPE came before.
 */
final class PrometheusText {
    private static final String NAME = "[a-zA-Z_:][a-zA-Z0-9_:]*";
    private static final Pattern TYPE = Pattern.compile("# TYPE (" + NAME + ") (counter|gauge|histogram|summary|untyped)");
    private static final Pattern HELP = Pattern.compile("# HELP (" + NAME + ") .*");
    private static final Pattern SAMPLE = Pattern.compile(
            "(" + NAME + ")(?:\\{(.*)})? (\\S+)(?: (-?\\d+))?");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\\\n]|\\\\[\\\\\"n])*)\"(,|$)");

    /** One sample line. */
    record Sample(String name, Map<String, String> labels, double value) {
    }

    private PrometheusText() {
    }

    /** Parses every line, or throws {@link IllegalArgumentException} naming the first bad one. */
    static List<Sample> parse(String text) {
        List<Sample> out = new ArrayList<>();
        Map<String, String> types = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            Matcher type = TYPE.matcher(line);
            if (type.matches()) {
                types.put(type.group(1), type.group(2));
                continue;
            }
            if (HELP.matcher(line).matches()) {
                continue;
            }
            Matcher m = SAMPLE.matcher(line);
            if (!m.matches()) {
                throw new IllegalArgumentException("not a Prometheus text line: " + line);
            }
            String name = m.group(1);
            if (types.keySet().stream().noneMatch(f -> name.equals(f) || name.startsWith(f + "_"))) {
                throw new IllegalArgumentException("sample without a TYPE before it: " + line);
            }
            out.add(new Sample(name, labels(m.group(2), line), value(m.group(3), line)));
        }
        return out;
    }

    private static Map<String, String> labels(String body, String line) {
        Map<String, String> labels = new LinkedHashMap<>();
        if (body == null || body.isEmpty()) {
            return labels;
        }
        Matcher m = LABEL.matcher(body);
        int at = 0;
        while (at < body.length()) {
            if (!m.find(at) || m.start() != at) {
                throw new IllegalArgumentException("bad labels in: " + line);
            }
            labels.put(m.group(1), m.group(2));
            at = m.end();
        }
        return labels;
    }

    private static double value(String v, String line) {
        return switch (v) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            case "NaN" -> Double.NaN;
            default -> {
                try {
                    yield Double.parseDouble(v);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("bad value in: " + line, e);
                }
            }
        };
    }
}
