package xyz.pura.events.pricing;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import xyz.pura.events.Json;
import xyz.pura.events.ProviderId;
import xyz.pura.events.Usd;

/** Reads rate card files; prices are exact decimals turned into whole nano-USD per million tokens. */
final class RateCardLoader {
    private static final String DIR = "/ratecard/";

    private RateCardLoader() {
    }

    static String currentVersion() {
        String version = read(DIR + "current.json").path("version").asText("");
        if (version.isBlank()) {
            throw new IllegalStateException(DIR + "current.json names no version");
        }
        return version;
    }

    /** What a rate card file says, checked. */
    record Parsed(String version, int defaultMaxOutputTokens, Map<String, ModelPrice> models,
                  Map<String, ModelPrice> fallbacks) {
    }

    static Parsed load(String version) {
        if (!version.matches("[0-9A-Za-z._-]+")) {
            throw new IllegalArgumentException("bad rate card version: " + version);
        }
        Parsed card = parse(read(DIR + version + ".json"));
        if (!card.version().equals(version)) {
            throw new IllegalStateException("rate card file " + version + ".json names version " + card.version());
        }
        return card;
    }

    static Parsed parse(JsonNode root) {
        String version = text(root, "version");
        int defaultMaxOut = root.path("defaultMaxOutputTokens").asInt(4096);
        Map<String, ModelPrice> models = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.path("models").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            ModelPrice price = price(e.getKey(), text(e.getValue(), "provider"), e.getValue());
            put(models, e.getKey(), price);
            for (JsonNode alias : e.getValue().path("aliases")) {
                put(models, alias.asText(), price);
            }
        }
        Map<String, ModelPrice> fallbacks = new HashMap<>();
        for (ProviderId provider : ProviderId.values()) {
            JsonNode node = root.path("fallback").get(provider.wireName());
            if (node == null) {
                throw new IllegalStateException("rate card " + version + " has no fallback price for " + provider.wireName());
            }
            fallbacks.put(provider.wireName(), price("*", provider.wireName(), node));
        }
        return new Parsed(version, defaultMaxOut, models, fallbacks);
    }

    private static void put(Map<String, ModelPrice> models, String name, ModelPrice price) {
        if (models.put(name, price) != null) {
            throw new IllegalStateException("model listed twice on the rate card: " + name);
        }
    }

    private static ModelPrice price(String model, String provider, JsonNode node) {
        long input = nanoPerMillion(node, "input");
        long cached = node.hasNonNull("cachedInput") ? nanoPerMillion(node, "cachedInput") : input;
        long output = nanoPerMillion(node, "output");
        long write5m = node.hasNonNull("cacheWrite5m") ? nanoPerMillion(node, "cacheWrite5m") : input;
        long write1h = node.hasNonNull("cacheWrite1h") ? nanoPerMillion(node, "cacheWrite1h") : input;
        long reasoning = node.hasNonNull("reasoning") ? nanoPerMillion(node, "reasoning") : output;
        return new ModelPrice(model, provider, input, cached, output, false, write5m, write1h, reasoning);
    }

    /** An exact decimal USD amount per million tokens, as whole nano-USD; more than 9 decimals is an error. */
    private static long nanoPerMillion(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || !(v.isTextual() || v.isNumber())) {
            throw new IllegalStateException("rate card price '" + field + "' missing or not a decimal: " + node);
        }
        BigDecimal usd = v.isTextual() ? new BigDecimal(v.asText().trim()) : v.decimalValue();
        return Usd.of(usd).nanos();
    }

    private static String text(JsonNode node, String field) {
        String v = node.path(field).asText("");
        if (v.isBlank()) {
            throw new IllegalStateException("rate card field '" + field + "' missing in " + node);
        }
        return v;
    }

    private static JsonNode read(String resource) {
        try (InputStream in = RateCardLoader.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no rate card resource " + resource);
            }
            return Json.mapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }
}
