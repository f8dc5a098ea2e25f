package xyz.pura.events.pricing;

import java.util.Locale;
import java.util.Optional;
import xyz.pura.events.ProviderId;

/**
 * Which provider a model name belongs to, by prefix: {@code gpt*} and {@code o*} OpenAI, {@code claude*}
 * Anthropic, {@code llama*}, {@code mixtral*}, {@code gemma*} Groq, {@code gemini*} Gemini.
 * ({@code gemini} is tested before {@code gemma}; neither starts with {@code o}.)
 */
public final class ModelProviders {
    private ModelProviders() {
    }

    public static Optional<ProviderId> providerOf(String model) {
        if (model == null || model.isBlank()) {
            return Optional.empty();
        }
        String m = model.toLowerCase(Locale.ROOT);
        if (m.startsWith("gpt") || m.startsWith("o")) {
            return Optional.of(ProviderId.OPENAI);
        }
        if (m.startsWith("claude")) {
            return Optional.of(ProviderId.ANTHROPIC);
        }
        if (m.startsWith("gemini")) {
            return Optional.of(ProviderId.GEMINI);
        }
        if (m.startsWith("llama") || m.startsWith("mixtral") || m.startsWith("gemma")) {
            return Optional.of(ProviderId.GROQ);
        }
        return Optional.empty();
    }
}
