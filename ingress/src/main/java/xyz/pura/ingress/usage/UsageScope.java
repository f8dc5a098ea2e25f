package xyz.pura.ingress.usage;

import io.javalin.http.Context;
import xyz.pura.events.refusal.Refusal;
import xyz.pura.events.refusal.Refused;
import xyz.pura.gateway.keys.ApiKey;
import xyz.pura.gateway.keys.KeyTable;
import xyz.pura.ingress.AdminAuth;
import xyz.pura.ingress.Authenticator;

/**
 * Who may read whose usage: the admin token ({@code PURA_ADMIN_TOKEN}) reads every key; a key reads only itself. A
 * key that names another key in {@code ?key=} is refused with 403, whether that key exists or not (so keys cannot be
 * probed); the admin naming an unknown key gets 404.
 */
final class UsageScope {
    private final Authenticator auth;
    private final AdminAuth admin;
    private final KeyTable keys;

    UsageScope(Authenticator auth, AdminAuth admin, KeyTable keys) {
        this.auth = auth;
        this.admin = admin;
        this.keys = keys;
    }

    boolean isAdmin(Context ctx) {
        return admin.presentedBy(ctx);
    }

    /** The key a read is about: the caller's own, or (admin) the one in {@code ?key=}, required. */
    ApiKey keyOf(Context ctx) {
        String named = ctx.queryParam("key");
        if (isAdmin(ctx)) {
            if (named == null || named.isBlank()) {
                throw Refused.invalid("With the admin token, name the key: ?key=<keyId> (every key: GET /api/usage/keys).",
                        "key");
            }
            return known(named);
        }
        ApiKey own = auth.authenticate(ctx);
        if (named != null && !named.equals(own.keyId())) {
            throw forbidden();
        }
        return own;
    }

    /** For an export: the admin's {@code ?key=} (absent: null, every key), or the caller's own key. */
    String keyIdToExport(Context ctx) {
        String named = ctx.queryParam("key");
        if (isAdmin(ctx)) {
            return named == null || named.isBlank() ? null : known(named).keyId();
        }
        return keyOf(ctx).keyId();
    }

    /** Only the admin: a valid key gets 403, anything else 401. */
    void requireAdmin(Context ctx) {
        if (isAdmin(ctx)) {
            return;
        }
        auth.authenticate(ctx);
        throw new Refused(new Refusal.Forbidden("admin_only", "Only the admin token (PURA_ADMIN_TOKEN) lists every key's "
                + "usage; a key reads its own at GET /api/usage."));
    }

    private ApiKey known(String keyId) {
        return keys.byId(keyId).orElseThrow(() -> new Refused(new Refusal.NotFound("key_not_found",
                "No key '" + shorten(keyId) + "'.", "key")));
    }

    private static String shorten(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }

    private static Refused forbidden() {
        return new Refused(new Refusal.Forbidden("not_your_key", "A key may read only its own usage; "
                + "leave out 'key' or name your own key id."));
    }
}
