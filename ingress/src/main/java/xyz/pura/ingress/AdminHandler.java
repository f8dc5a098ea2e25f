package xyz.pura.ingress;

import xyz.pura.events.refusal.Refusal;
import xyz.pura.events.refusal.Refused;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.io.IOException;
import java.time.Clock;
import java.util.Comparator;
import java.util.Map;
import xyz.pura.events.Json;
import xyz.pura.events.KeyEvent;
import xyz.pura.events.Topics;
import xyz.pura.events.Usd;
import xyz.pura.gateway.admission.Budgets;
import xyz.pura.journal.EventPublisher;
import xyz.pura.gateway.keys.ApiKey;
import xyz.pura.gateway.keys.KeyRecords;
import xyz.pura.gateway.keys.KeyTable;
import xyz.pura.ingress.AdminAuth;

/**
 * The admin API ({@code Authorization: Bearer $PURA_ADMIN_TOKEN}): list keys with their budget and
 * today's spend, set a key's budget, revoke a key. Changes go through {@code pura.keys} as the key's whole state
 * ({@link KeyRecords}: the topic is compacted by key id), so every ingress instance applies them; this one applies
 * them at once.
 */
public final class AdminHandler {
    private final AdminAuth admin;
    private final KeyTable keys;
    private final Budgets budgets;
    private final EventPublisher events;
    private final Clock clock;

    public AdminHandler(AdminAuth admin, KeyTable keys, Budgets budgets, EventPublisher events, Clock clock) {
        this.admin = admin;
        this.keys = keys;
        this.budgets = budgets;
        this.events = events;
        this.clock = clock;
    }

    public void list(Context ctx) {
        admin.require(ctx);
        ObjectNode out = Json.mapper().createObjectNode().put("object", "list");
        ArrayNode data = out.putArray("data");
        keys.all().stream().sorted(Comparator.comparing(ApiKey::keyId)).forEach(k -> data.addObject()
                .put("keyId", k.keyId()).put("prefix", k.prefix()).put("label", k.label())
                .put("dailyBudgetUsd", Usd.ofNanos(k.dailyBudgetNanoUsd()).toString())
                .put("spentTodayUsd", Usd.ofNanos(k.dailyBudgetNanoUsd()).minus(budgets.remaining(k)).toString())
                .put("billedRequests", budgets.billedRequests(k.keyId()))
                .put("revoked", k.revoked()));
        ctx.contentType("application/json").result(Json.bytes(out));
    }

    public void setBudget(Context ctx) {
        admin.require(ctx);
        ApiKey key = key(ctx);
        JsonNode body = body(ctx.bodyAsBytes());
        Usd budget = KeysHandler.budget(body.get("dailyBudgetUsd"), null);
        if (budget == null) {
            throw Refused.invalid("Missing 'dailyBudgetUsd'.", "dailyBudgetUsd");
        }
        publish(KeyRecords.updated(KeyRecords.withBudget(key, budget.nanos()), clock.instant()));
        ctx.contentType("application/json").result(Json.bytes(Json.mapper().createObjectNode()
                .put("keyId", key.keyId()).put("dailyBudgetUsd", budget.toString())));
    }

    public void revoke(Context ctx) {
        admin.require(ctx);
        ApiKey key = key(ctx);
        publish(KeyRecords.revoked(key, clock.instant()));
        ctx.contentType("application/json").result(Json.bytes(Json.mapper().createObjectNode()
                .put("keyId", key.keyId()).put("revoked", true)));
    }

    private void publish(KeyEvent event) {
        if (!events.publishAcknowledged(Topics.KEYS, event.keyId(), event, 10_000)) {
            throw new Refused(new Refusal.Unavailable("event_log_unavailable", "The change could not be stored; nothing changed."));
        }
        keys.apply(event);
    }

    private ApiKey key(Context ctx) {
        String id = ctx.pathParam("keyId");
        return keys.byId(id).orElseThrow(() -> new Refused(new Refusal.NotFound("key_not_found", "No key '" + id + "'.", "keyId")));
    }

    private static JsonNode body(byte[] bytes) {
        try {
            JsonNode node = bytes.length == 0 ? null : Json.mapper().readTree(bytes);
            if (node != null && node.isObject()) {
                return node;
            }
        } catch (IOException e) {
            // answered below
        }
        throw Refused.invalid("The request body must be a JSON object.", null);
    }
}
