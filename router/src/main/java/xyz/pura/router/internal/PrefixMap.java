package xyz.pura.router.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import xyz.pura.events.ProviderId;

/**
 * Model-name prefixes to providers. Matching ignores case; a one-letter prefix (OpenAI's {@code o})
 * only matches when a digit follows it (o1, o3, o4-mini), so that {@code orca-2} is not sent to OpenAI.
 */
public final class PrefixMap {
    private final String[] prefixes;
    private final ProviderId[] providers;
    private final String description;

    public PrefixMap(Map<ProviderId, List<String>> byProvider) {
        List<String> p = new ArrayList<>();
        List<ProviderId> v = new ArrayList<>();
        StringJoiner describe = new StringJoiner("; ");
        for (Map.Entry<ProviderId, List<String>> e : new LinkedHashMap<>(byProvider).entrySet()) {
            StringJoiner names = new StringJoiner(", ");
            for (String prefix : e.getValue()) {
                if (prefix.isBlank()) {
                    throw new IllegalArgumentException("blank model prefix for " + e.getKey().wireName());
                }
                p.add(prefix);
                v.add(e.getKey());
                names.add(prefix + "*");
            }
            describe.add(names + " -> " + e.getKey().wireName());
        }
        this.prefixes = p.toArray(String[]::new);
        this.providers = v.toArray(ProviderId[]::new);
        this.description = describe.toString();
    }

    /** The provider of a model name, or null when no prefix matches. */
    public ProviderId providerOf(String model) {
        if (model == null) {
            return null;
        }
        for (int i = 0; i < prefixes.length; i++) {
            String prefix = prefixes[i];
            int n = prefix.length();
            if (!model.regionMatches(true, 0, prefix, 0, n)) {
                continue;
            }
            if (n == 1 && (model.length() == 1 || !Character.isDigit(model.charAt(1)))) {
                continue;
            }
            return providers[i];
        }
        return null;
    }

    /** e.g. {@code gpt*, o* -> openai; claude* -> anthropic}. */
    public String describe() {
        return description;
    }
}
