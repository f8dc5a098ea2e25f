package xyz.pura.events.pricing;

import java.util.Objects;

/**
 * The price of one model, in whole nano-USD (1e-9 USD) per one million tokens.
 *
 * @param model the rate card's name of the model (for a fallback price: the model that was asked for)
 * @param provider wire name of the provider (openai, anthropic, groq, gemini)
 * @param inputNanoPerMillion price of one million input tokens
 * @param cachedInputNanoPerMillion price of one million cache-read input tokens; equals the input price
 *     where the provider has no cached price
 * @param outputNanoPerMillion price of one million output tokens
 * @param fallback true when the model is not on the card and the provider's fallback price applies
 */
public record ModelPrice(String model, String provider, long inputNanoPerMillion, long cachedInputNanoPerMillion,
                         long outputNanoPerMillion, boolean fallback) {
    public ModelPrice {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(provider, "provider");
        if (inputNanoPerMillion < 0 || cachedInputNanoPerMillion < 0 || outputNanoPerMillion < 0) {
            throw new IllegalArgumentException("negative price for " + model);
        }
    }

    ModelPrice asFallbackFor(String requestedModel) {
        return new ModelPrice(requestedModel, provider, inputNanoPerMillion, cachedInputNanoPerMillion,
                outputNanoPerMillion, true);
    }
}
