package xyz.pura.ingress;

import xyz.pura.events.Usd;
import xyz.pura.events.chat.ChatRequest;

/** Token estimates and prices, as the ingress uses them. */
public interface Metering {
    int countRequest(ChatRequest request);

    int countText(String text);

    Usd cost(String model, int inputTokens, int outputTokens);

    /** What admission holds for a request until it completes: its input plus its maximum output. */
    Usd reservation(String model, int inputTokens, Integer maxOutputTokens);

    String rateCardVersion();
}
