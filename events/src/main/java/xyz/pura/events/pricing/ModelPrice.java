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
 * @param cacheWrite5mNanoPerMillion price of one million input tokens written to a 5-minute cache (Anthropic: 1.25x
 *     input); equals the input price where writing is not charged apart
 * @param cacheWrite1hNanoPerMillion the same for a 1-hour cache (Anthropic: 2x input)
 * @param reasoningNanoPerMillion price of one million reasoning output tokens; equals the output price where the
 *     provider bills reasoning as output (all four do today)
 */
public record ModelPrice(String model, String provider, long inputNanoPerMillion, long cachedInputNanoPerMillion,
                         long outputNanoPerMillion, boolean fallback, long cacheWrite5mNanoPerMillion,
                         long cacheWrite1hNanoPerMillion, long reasoningNanoPerMillion) {
    public ModelPrice {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(provider, "provider");
        if (inputNanoPerMillion < 0 || cachedInputNanoPerMillion < 0 || outputNanoPerMillion < 0
                || cacheWrite5mNanoPerMillion < 0 || cacheWrite1hNanoPerMillion < 0 || reasoningNanoPerMillion < 0) {
            throw new IllegalArgumentException("negative price for " + model);
        }
    }

    /** A price with no cache-write or reasoning price of its own (writes at input, reasoning at output). */
    public ModelPrice(String model, String provider, long inputNanoPerMillion, long cachedInputNanoPerMillion,
                      long outputNanoPerMillion, boolean fallback) {
        this(model, provider, inputNanoPerMillion, cachedInputNanoPerMillion, outputNanoPerMillion, fallback,
                inputNanoPerMillion, inputNanoPerMillion, outputNanoPerMillion);
    }

    ModelPrice asFallbackFor(String requestedModel) {
        return new ModelPrice(requestedModel, provider, inputNanoPerMillion, cachedInputNanoPerMillion,
                outputNanoPerMillion, true, cacheWrite5mNanoPerMillion, cacheWrite1hNanoPerMillion, reasoningNanoPerMillion);
    }
}
