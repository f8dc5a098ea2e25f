package xyz.pura.ingress;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.io.IOException;
import xyz.pura.events.Json;
import xyz.pura.events.Usd;
import xyz.pura.ingress.admission.RateLimiter;
import xyz.pura.ingress.keys.KeyService;

/** {@code POST /api/keys {"label": "...", "dailyBudgetUsd": "10"}}: the key is shown once. */
public final class KeysHandler {
    private static final int MAX_LABEL = 100;

    private final KeyService keys;
    private final Usd defaultBudget;
    private final RateLimiter perAddress;

    /** @param perAddress limits key creation per client address */
    public KeysHandler(KeyService keys, Usd defaultBudget, RateLimiter perAddress) {
        this.keys = keys;
        this.defaultBudget = defaultBudget;
        this.perAddress = perAddress;
    }

    public void create(Context ctx) {
        perAddress.acquire(ctx.ip());
        JsonNode body = body(ctx.bodyAsBytes());
        String label = "";
        JsonNode l = body.get("label");
        if (l != null && !l.isNull()) {
            if (!l.isTextual()) {
                throw ApiException.badRequest("'label' must be a string.", "label");
            }
            label = l.asText().strip();
            if (label.length() > MAX_LABEL) {
                throw ApiException.badRequest("'label' must be at most " + MAX_LABEL + " characters.", "label");
            }
        }
        Usd budget = budget(body.get("dailyBudgetUsd"), defaultBudget);
        KeyService.Created created = keys.create(label, budget.nanos());
        ObjectNode out = Json.mapper().createObjectNode();
        out.put("key", created.key());
        out.put("keyId", created.record().keyId());
        out.put("prefix", created.record().prefix());
        out.put("label", created.record().label());
        out.put("dailyBudgetUsd", Usd.ofNanos(created.record().dailyBudgetNanoUsd()).toString());
        out.put("message", "Save this key now: it is shown only once. Send it as 'Authorization: Bearer <key>'.");
        ctx.status(201).contentType("application/json").result(Json.bytes(out));
    }

    private static JsonNode body(byte[] bytes) {
        if (bytes.length == 0) {
            return Json.mapper().createObjectNode();
        }
        try {
            JsonNode node = Json.mapper().readTree(bytes);
            if (node == null || !node.isObject()) {
                throw ApiException.badRequest("The request body must be a JSON object.", null);
            }
            return node;
        } catch (IOException e) {
            throw ApiException.badRequest("The request body is not valid JSON.", null);
        }
    }

    /** A USD amount from a number or a decimal string, 0 to 1,000,000; {@code dflt} when absent. */
    static Usd budget(JsonNode node, Usd dflt) {
        if (node == null || node.isNull()) {
            return dflt;
        }
        Usd budget;
        try {
            if (node.isNumber()) {
                budget = Usd.of(node.decimalValue());
            } else if (node.isTextual()) {
                budget = Usd.parse(node.asText());
            } else {
                throw new IllegalArgumentException();
            }
        } catch (RuntimeException e) {
            throw ApiException.badRequest("'dailyBudgetUsd' must be a USD amount such as 10 or \"2.50\".", "dailyBudgetUsd");
        }
        if (budget.isNegative() || budget.compareTo(Usd.parse("1000000")) > 0) {
            throw ApiException.badRequest("'dailyBudgetUsd' must be between 0 and 1000000.", "dailyBudgetUsd");
        }
        return budget;
    }
}
