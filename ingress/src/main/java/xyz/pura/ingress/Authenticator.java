package xyz.pura.ingress;

import xyz.pura.events.refusal.Refusal;
import xyz.pura.events.refusal.Refused;
import io.javalin.http.Context;
import xyz.pura.gateway.keys.ApiKey;
import xyz.pura.gateway.keys.KeyTable;

/**
 * Resolves {@code Authorization: Bearer pura_...} to a live key, or answers 401; the Anthropic door also takes the
 * key in {@code x-api-key} ({@link #authenticateApiKeyOrBearer}).
 */
public final class Authenticator {
    private final KeyTable keys;

    public Authenticator(KeyTable keys) {
        this.keys = keys;
    }

    /** Anthropic's way, {@code x-api-key: pura_...}, or else {@code Authorization: Bearer pura_...} (Claude Code's). */
    public ApiKey authenticateApiKeyOrBearer(Context ctx) {
        String apiKey = ctx.header("x-api-key");
        if (apiKey == null || apiKey.isBlank()) {
            if (ctx.header("Authorization") == null || ctx.header("Authorization").isBlank()) {
                throw Refused.unauthenticated("Missing API key. Send 'x-api-key: pura_...' (or 'Authorization: Bearer "
                        + "pura_...'); create a key with POST /api/keys.");
            }
            return authenticate(ctx);
        }
        return keys.authenticate(apiKey.trim()).orElseThrow(() -> Refused.unauthenticated("Invalid API key."));
    }

    public ApiKey authenticate(Context ctx) {
        String header = ctx.header("Authorization");
        if (header == null || header.isBlank()) {
            throw Refused.unauthenticated("Missing API key. Send 'Authorization: Bearer pura_...'; create a key with POST /api/keys.");
        }
        if (!header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw Refused.unauthenticated("The Authorization header must be 'Bearer <key>'.");
        }
        return keys.authenticate(header.substring(7).trim())
                .orElseThrow(() -> Refused.unauthenticated("Invalid API key."));
    }
}
