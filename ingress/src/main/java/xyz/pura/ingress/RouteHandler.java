package xyz.pura.ingress;

import io.javalin.http.Context;
import xyz.pura.events.Json;
import xyz.pura.events.chat.ChatRequest;
import xyz.pura.events.chat.ChatRequestParser;
import xyz.pura.gateway.routing.Routing;

/** {@code POST /v1/route} (same body as chat): the routing decision and why, without calling any provider. */
public final class RouteHandler {
    private final Authenticator auth;
    private final Routing routing;

    public RouteHandler(Authenticator auth, Routing routing) {
        this.auth = auth;
        this.routing = routing;
    }

    public void explain(Context ctx) {
        auth.authenticate(ctx);
        ChatRequest chat = ChatRequestParser.parse(ctx.bodyAsBytes(), false);
        String byok = ctx.header("X-Provider-Key");
        var decision = routing.decide(chat, byok != null && !byok.isBlank());
        var out = Json.mapper().createObjectNode().put("object", "route");
        out.setAll((com.fasterxml.jackson.databind.node.ObjectNode) Json.mapper().valueToTree(decision));
        out.set("contributions", Json.mapper().valueToTree(xyz.pura.router.Router.contributions(decision.features())));
        ctx.contentType("application/json").result(Json.bytes(out));
    }
}
