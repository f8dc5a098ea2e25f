package xyz.pura.router;

import java.util.List;
import java.util.Locale;
import xyz.pura.events.Tier;
import xyz.pura.events.chat.ChatMessage;
import xyz.pura.events.chat.ChatRequest;

/**
 * The upstream product's complexity rules, as FACTS.md states them, for comparison only: premium if
 * the system prompt has more than 500 characters, the conversation more than 6000, more than 10
 * messages, or the last user message a reasoning phrase; cheap if under 200 characters, no code
 * block and at most 3 messages; else mid.
 */
final class UpstreamRules {
    private static final List<String> PHRASES = List.of("step by step", "analyze", "prove that", "debug this", "review this code");

    private UpstreamRules() {
    }

    static Tier classify(ChatRequest request) {
        int system = 0;
        int total = 0;
        boolean code = false;
        String lastUser = "";
        for (ChatMessage m : request.messages()) {
            String text = m.text();
            total += text.length();
            code |= text.contains("```");
            if (m.role().equals("system")) {
                system += text.length();
            }
            if (m.role().equals("user")) {
                lastUser = text.toLowerCase(Locale.ROOT);
            }
        }
        int messages = request.messages().size();
        String last = lastUser;
        if (system > 500 || total > 6000 || messages > 10 || PHRASES.stream().anyMatch(last::contains)) {
            return Tier.PREMIUM;
        }
        if (total < 200 && !code && messages <= 3) {
            return Tier.CHEAP;
        }
        return Tier.MID;
    }
}
