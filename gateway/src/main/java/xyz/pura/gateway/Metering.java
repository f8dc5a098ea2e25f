package xyz.pura.gateway;

import xyz.pura.events.Usd;
import xyz.pura.events.chat.ChatRequest;

/** Token estimates and prices, as the ingress uses them. */
public interface Metering {
    int countRequest(ChatRequest request);

    int countText(String text);

    Usd cost(String model, int inputTokens, int outputTokens);

    /** The price of a provider's reported usage, by component (cache reads and writes, reasoning). */
    Usd cost(String model, xyz.pura.events.pricing.TokenUsage usage);

    /** What admission holds for a request until it completes: its input plus its maximum output. */
    Usd reservation(String model, int inputTokens, Integer maxOutputTokens);

    String rateCardVersion();
}
