package xyz.pura.ingress;

import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import xyz.pura.events.refusal.Refusal;
import xyz.pura.events.refusal.Refused;

/**
 * {@code Authorization: Bearer $PURA_ADMIN_TOKEN} for {@code /api/admin/*}, compared in constant time.
 * With no token configured the admin API is off (404, as if it did not exist).
 */
public final class AdminAuth {
    private final byte[] token;

    /** @param token the admin token, or null/blank to turn the admin API off */
    public AdminAuth(String token) {
        this.token = token == null || token.isBlank() ? null : token.getBytes(StandardCharsets.UTF_8);
    }

    /** Whether the request carries the admin token (false when the admin API is off); never refuses. */
    public boolean presentedBy(Context ctx) {
        if (token == null) {
            return false;
        }
        String header = ctx.header("Authorization");
        byte[] presented = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
                ? header.substring(7).trim().getBytes(StandardCharsets.UTF_8) : new byte[0];
        return MessageDigest.isEqual(token, presented);
    }

    public void require(Context ctx) {
        if (token == null) {
            throw new Refused(new Refusal.NotFound("not_found", "Unknown endpoint: " + ctx.method() + " " + ctx.path()));
        }
        String header = ctx.header("Authorization");
        byte[] presented = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
                ? header.substring(7).trim().getBytes(StandardCharsets.UTF_8) : new byte[0];
        if (!MessageDigest.isEqual(token, presented)) {
            throw new Refused(new Refusal.Unauthenticated("invalid_admin_token", "Invalid admin token."));
        }
    }
}
