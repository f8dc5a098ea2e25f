package xyz.pura.router.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import xyz.pura.events.Tier;
import xyz.pura.events.chat.ChatMessage;
import xyz.pura.events.chat.ChatRequest;
import xyz.pura.router.ComplexityFeatures;

/** Extracts {@link ComplexityFeatures} from a whole conversation in one pass over its text. Thread-safe. */
public final class ComplexityScorer {
    private final MarkerTable table = Markers.table();
    private final double cheapBelow;
    private final double premiumFrom;

    public ComplexityScorer(double cheapBelow, double premiumFrom) {
        this.cheapBelow = cheapBelow;
        this.premiumFrom = premiumFrom;
    }

    public ComplexityFeatures features(ChatRequest request) {
        Tally tally = new Tally();
        List<ChatMessage> messages = request.messages();
        for (int i = 0, n = messages.size(); i < n; i++) {
            ChatMessage m = messages.get(i);
            String role = m.role();
            boolean system = "system".equals(role) || "developer".equals(role);
            boolean markers = system || "user".equals(role);
            long before = tally.chars;
            scanContent(m.content(), markers, tally);
            if (system) {
                tally.systemChars += (int) (tally.chars - before);
            }
        }
        Integer max = request.maxTokens();
        return new ComplexityFeatures((int) Math.min(Integer.MAX_VALUE, (tally.chars + 3) / 4), (tally.fences + 1) / 2,
                tally.count(Marker.STRONG), tally.count(Marker.REASONING), tally.count(Marker.MATH),
                tally.count(Marker.CODE), tally.count(Marker.COMPOSE), tally.count(Marker.EXPLAIN),
                tally.count(Marker.SIMPLE), messages.size(), tally.systemChars, request.hasTools(),
                max == null ? 0 : max, tally.images);
    }

    private void scanContent(JsonNode content, boolean markers, Tally tally) {
        if (content == null || content.isNull()) {
            return;
        }
        if (content.isTextual()) {
            table.scan(content.textValue(), markers, tally);
            return;
        }
        for (int p = 0, n = content.size(); p < n; p++) {
            JsonNode part = content.get(p);
            JsonNode text = part.get("text");
            if (text != null && text.isTextual()) {
                table.scan(text.textValue(), markers, tally);
            } else if ("image_url".equals(part.path("type").textValue())) {
                tally.images++;
            }
        }
    }

    public double score(ComplexityFeatures f) {
        return ComplexityPoints.total(f);
    }

    public Tier tier(double score) {
        return score < cheapBelow ? Tier.CHEAP : score < premiumFrom ? Tier.MID : Tier.PREMIUM;
    }
}
