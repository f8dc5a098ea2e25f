package xyz.pura.ingress;

import xyz.pura.events.refusal.Refusal;
import xyz.pura.events.refusal.Refused;
import io.javalin.http.Context;
import xyz.pura.gateway.keys.ApiKey;
import xyz.pura.gateway.keys.KeyTable;

/** Resolves {@code Authorization: Bearer pura_...} to a live key, or answers 401. */
public final class Authenticator {
    private final KeyTable keys;

    public Authenticator(KeyTable keys) {
        this.keys = keys;
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
