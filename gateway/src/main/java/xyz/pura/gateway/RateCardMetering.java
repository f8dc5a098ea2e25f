package xyz.pura.gateway;

import xyz.pura.events.Usd;
import xyz.pura.events.chat.ChatRequest;
import xyz.pura.events.pricing.RateCard;
import xyz.pura.events.pricing.TokenEstimator;

/** Metering with the real tokenizer (jtokkit) and the versioned rate card. */
public final class RateCardMetering implements Metering {
    private final RateCard rateCard;
    private final TokenEstimator tokens;

    public RateCardMetering(RateCard rateCard, TokenEstimator tokens) {
        this.rateCard = rateCard;
        this.tokens = tokens;
    }

    @Override
    public int countRequest(ChatRequest request) {
        return tokens.countRequest(request);
    }

    @Override
    public int countText(String text) {
        return text == null || text.isEmpty() ? 0 : tokens.countText(text);
    }

    @Override
    public Usd cost(String model, int inputTokens, int outputTokens) {
        return rateCard.cost(model, inputTokens, outputTokens);
    }

    @Override
    public Usd cost(String model, xyz.pura.events.pricing.TokenUsage usage) {
        return rateCard.cost(model, usage);
    }

    @Override
    public Usd reservation(String model, int inputTokens, Integer maxOutputTokens) {
        return rateCard.reservation(model, inputTokens, maxOutputTokens);
    }

    @Override
    public String rateCardVersion() {
        return rateCard.version();
    }
}
