package xyz.pura.app;

import xyz.pura.events.Usd;
import xyz.pura.events.chat.ChatMessage;
import xyz.pura.events.chat.ChatRequest;
import xyz.pura.ingress.Metering;

/** A placeholder until the rate card and tokenizer are wired in: characters / 4, and no price. */
final class ApproxMetering implements Metering {
    @Override
    public int countRequest(ChatRequest request) {
        int chars = 0;
        for (ChatMessage m : request.messages()) {
            chars += m.text().length();
        }
        return Math.max(1, chars / 4);
    }

    @Override
    public int countText(String text) {
        return text == null ? 0 : (text.length() + 3) / 4;
    }

    @Override
    public Usd cost(String model, int inputTokens, int outputTokens) {
        return Usd.ZERO;
    }

    @Override
    public String rateCardVersion() {
        return "none";
    }
}
