package xyz.pura.ingress;

import xyz.pura.events.refusal.Refusal;
import xyz.pura.events.refusal.Refused;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.io.IOException;
import xyz.pura.events.Json;
import xyz.pura.events.Usd;
import xyz.pura.gateway.admission.RateLimiter;
import xyz.pura.ingress.edge.ClientAddress;
import xyz.pura.ingress.edge.FreeTierAllowance;
import xyz.pura.ingress.AdminAuth;
import xyz.pura.gateway.keys.KeyService;

/**
 * {@code POST /api/keys {"label": "...", "dailyBudgetUsd": "10"}}: the key is shown once.
 *
 * <p>The abuse policy of self-service keys ({@link Policy}): creation is {@code open} to anyone (as documented) or
 * restricted to the operator ({@code PURA_KEY_CREATION=admin}); a self-service key may set a daily budget up to the
 * default but only an admin raises it; each client (address, IPv6 /64, seen through trusted proxies) gets the free
 * tier on its first {@code PURA_FREE_TIER_KEYS_PER_ADDRESS} keys of the day, later keys need a funded balance. A
 * caller with the admin token is exempt from all three.
 */
public final class KeysHandler {
    private static final int MAX_LABEL = 100;
    private static final Usd MAX_BUDGET = Usd.parse("1000000");

    /**
     * @param adminOnly whether only the admin token may create keys ({@code PURA_KEY_CREATION=admin})
     * @param defaultFreeRequests the free requests of a key that gets the free tier ({@code PURA_FREE_REQUESTS})
     */
    public record Policy(boolean adminOnly, AdminAuth admin, ClientAddress addresses, FreeTierAllowance freeTier,
                         long defaultFreeRequests) {
    }

    private final KeyService keys;
    private final Usd defaultBudget;
    private final RateLimiter perAddress;
    private final Policy policy;

    /** @param perAddress limits key creation per client address */
    public KeysHandler(KeyService keys, Usd defaultBudget, RateLimiter perAddress, Policy policy) {
        this.keys = keys;
        this.defaultBudget = defaultBudget;
        this.perAddress = perAddress;
        this.policy = policy;
    }

    public void create(Context ctx) {
        boolean operator = policy.admin().presentedBy(ctx);
        if (policy.adminOnly() && !operator) {
            throw new Refused(new Refusal.Forbidden("key_creation_restricted", "Keys on this gateway are issued "
                    + "by its operator (PURA_KEY_CREATION=admin): ask them for one, or send the admin token."));
        }
        String client = policy.addresses().of(ctx.req().getRemoteAddr(), ctx.header("X-Forwarded-For"));
        if (!operator) {
            perAddress.acquire(client);
        }
        JsonNode body = body(ctx.bodyAsBytes());
        String label = "";
        JsonNode l = body.get("label");
        if (l != null && !l.isNull()) {
            if (!l.isTextual()) {
                throw Refused.invalid("'label' must be a string.", "label");
            }
            label = l.asText().strip();
            if (label.length() > MAX_LABEL) {
                throw Refused.invalid("'label' must be at most " + MAX_LABEL + " characters.", "label");
            }
            if (!Labels.printable(label)) {
                throw Refused.invalid("'label' must be printable text: no control characters and no unpaired "
                        + "surrogates.", "label");
            }
        }
        Usd budget = budget(body.get("dailyBudgetUsd"), defaultBudget);
        if (!operator && budget.compareTo(defaultBudget) > 0) {
            throw new Refused(new Refusal.Invalid("budget_above_default", "A self-service key may set a "
                    + "daily budget up to the default of " + defaultBudget + " USD (PURA_DAILY_BUDGET_USD); an admin can "
                    + "raise it (POST /api/admin/keys/{keyId}/budget).", "dailyBudgetUsd"));
        }
        Long freeRequests = operator || policy.freeTier().grant(client) ? null : 0L;
        KeyService.Created created = keys.create(label, budget.nanos(), freeRequests);
        ObjectNode out = Json.mapper().createObjectNode();
        out.put("key", created.key());
        out.put("keyId", created.record().keyId());
        out.put("prefix", created.record().prefix());
        out.put("label", created.record().label());
        out.put("dailyBudgetUsd", Usd.ofNanos(created.record().dailyBudgetNanoUsd()).toString());
        out.put("freeRequests", created.record().freeRequestsOr(policy.defaultFreeRequests()));
        out.put("message", freeRequests == null
                ? "Save this key now: it is shown only once. Send it as 'Authorization: Bearer <key>'."
                : "Save this key now: it is shown only once. Send it as 'Authorization: Bearer <key>'. Your address has "
                + "used its free-tier keys for today (" + policy.freeTier().keysPerClient() + ", PURA_FREE_TIER_KEYS_PER_ADDRESS): "
                + "this key has no free requests; fund it with POST /api/wallet/fund.");
        ctx.status(201).contentType("application/json").result(Json.bytes(out));
    }

    private static JsonNode body(byte[] bytes) {
        if (bytes.length == 0) {
            return Json.mapper().createObjectNode();
        }
        try {
            JsonNode node = Json.mapper().readTree(bytes);
            if (node == null || !node.isObject()) {
                throw Refused.invalid("The request body must be a JSON object.", null);
            }
            return node;
        } catch (IOException e) {
            throw Refused.invalid("The request body is not valid JSON.", null);
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
            throw Refused.invalid("'dailyBudgetUsd' must be a USD amount such as 10 or \"2.50\".", "dailyBudgetUsd");
        }
        if (budget.isNegative() || budget.compareTo(MAX_BUDGET) > 0) {
            throw Refused.invalid("'dailyBudgetUsd' must be between 0 and 1000000.", "dailyBudgetUsd");
        }
        return budget;
    }
}
