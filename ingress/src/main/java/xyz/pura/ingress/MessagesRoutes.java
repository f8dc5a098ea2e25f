package xyz.pura.ingress;

import io.javalin.config.RoutesConfig;

/** The routes of the Messages door, registered by {@link IngressServer} in one line. */
final class MessagesRoutes {
    private MessagesRoutes() {
    }

    /** @param messages the door, or null for a server without it */
    static void register(RoutesConfig routes, MessagesHandler messages) {
        if (messages == null) {
            return;
        }
        routes.post("/v1/messages", messages::create);
        routes.post("/v1/messages/count_tokens", messages::countTokens);
    }
}
