package xyz.pura.ingress;

import xyz.pura.events.chat.ChatRequest;

/** Chooses a route for a request; the router module decides, this is the ingress's view of it. */
@FunctionalInterface
public interface RouteSource {
    /** @throws ApiException (400 for an unknown model, 503 when no provider can serve) */
    Route choose(ChatRequest request);
}
