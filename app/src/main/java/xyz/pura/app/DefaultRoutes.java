package xyz.pura.app;

import java.util.ArrayList;
import java.util.List;
import xyz.pura.events.ProviderId;
import xyz.pura.events.Tier;
import xyz.pura.events.chat.ChatRequest;
import xyz.pura.events.chat.InvalidRequestException;
import xyz.pura.ingress.ApiException;
import xyz.pura.ingress.Route;
import xyz.pura.ingress.RouteSource;
import xyz.pura.providers.Provider;
import xyz.pura.providers.Providers;

/** A fixed route until the router module is wired in: an explicit model by prefix, else the first configured provider. */
final class DefaultRoutes implements RouteSource {
    private static final List<Route.Target> DEFAULTS = List.of(
            new Route.Target(ProviderId.GROQ, "llama-3.3-70b-versatile"),
            new Route.Target(ProviderId.GEMINI, "gemini-2.0-flash"),
            new Route.Target(ProviderId.OPENAI, "gpt-4o"),
            new Route.Target(ProviderId.ANTHROPIC, "claude-sonnet-4-20250514"));

    private final Providers providers;

    DefaultRoutes(Providers providers) {
        this.providers = providers;
    }

    List<Route.Target> models() {
        return DEFAULTS;
    }

    @Override
    public Route choose(ChatRequest request) {
        if (request.model() != null) {
            ProviderId id = providerOf(request.model());
            return new Route(id, request.model(), Tier.MID, "explicit model", false, request.routing().quality(), List.of());
        }
        for (Route.Target t : DEFAULTS) {
            Provider p = providers.get(t.provider());
            if (p != null && p.configured()) {
                return new Route(t.provider(), t.model(), Tier.CHEAP, "fixed route", false, request.routing().quality(), List.of());
            }
        }
        throw new ApiException(503, "server_error", "no_provider_available", "No provider is configured.");
    }

    static ProviderId providerOf(String model) {
        if (model.startsWith("gpt") || model.startsWith("o")) {
            return ProviderId.OPENAI;
        }
        if (model.startsWith("claude")) {
            return ProviderId.ANTHROPIC;
        }
        if (model.startsWith("llama") || model.startsWith("mixtral") || model.startsWith("gemma")) {
            return ProviderId.GROQ;
        }
        if (model.startsWith("gemini")) {
            return ProviderId.GEMINI;
        }
        throw new InvalidRequestException("Unknown model '" + model + "'. Known prefixes: gpt*, o* (openai), claude* "
                + "(anthropic), llama*, mixtral*, gemma* (groq), gemini* (gemini); or \"auto\".", "model", "model_not_found");
    }

    List<Route.Target> fallbacksAfter(ProviderId id) {
        return new ArrayList<>();
    }
}
