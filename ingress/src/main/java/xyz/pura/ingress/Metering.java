package xyz.pura.ingress;

import xyz.pura.events.Usd;
import xyz.pura.events.chat.ChatRequest;

/** Token estimates and prices, as the ingress uses them. */
public interface Metering {
    int countRequest(ChatRequest request);

    int countText(String text);

    Usd cost(String model, int inputTokens, int outputTokens);

    String rateCardVersion();
}
