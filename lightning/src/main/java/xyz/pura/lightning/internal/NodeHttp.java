package xyz.pura.lightning.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.util.Locale;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import xyz.pura.events.Json;
import xyz.pura.lightning.LightningException;
import xyz.pura.lightning.LightningException.Kind;

/**
 * One JSON call to a node, with failures classified in one place: transport failure
 * ({@code IOException}) is {@code UNAVAILABLE}, 404 is {@code NOT_FOUND}, any other non-2xx is
 * {@code BACKEND_REJECTED} with the node's own message (shortened, secret scrubbed), and an
 * unreadable 2xx body is {@code BAD_RESPONSE}.
 */
final class NodeHttp {
    static final MediaType JSON = MediaType.get("application/json");
    private static final int MAX_MESSAGE = 200;

    private final OkHttpClient client;
    private final String backend;
    private final String secret;

    NodeHttp(OkHttpClient client, String backend, String secret) {
        this.client = client;
        this.backend = backend;
        this.secret = secret;
    }

    static OkHttpClient.Builder clientBuilder(Duration timeout) {
        return new OkHttpClient.Builder().callTimeout(timeout).connectTimeout(timeout).readTimeout(timeout)
                .followRedirects(false).retryOnConnectionFailure(false);
    }

    static RequestBody jsonBody(Object value) {
        return RequestBody.create(Json.bytes(value), JSON);
    }

    /** Executes {@code request}; {@code action} names it in messages ("create invoice"). */
    JsonNode call(Request request, String action) {
        try (Response response = client.newCall(request).execute()) {
            String body = response.body().string();
            if (!response.isSuccessful()) {
                String message = nodeMessage(body);
                Kind kind = response.code() == 404 || message.toLowerCase(Locale.ROOT).contains("unable to locate invoice")
                        ? Kind.NOT_FOUND : Kind.BACKEND_REJECTED;
                throw new LightningException(kind, backend + " " + action + " failed: HTTP " + response.code()
                        + (message.isEmpty() ? "" : ": " + message));
            }
            try {
                JsonNode node = Json.mapper().readTree(body);
                if (node == null || !node.isObject()) {
                    throw new LightningException(Kind.BAD_RESPONSE, backend + " " + action + ": response is not a JSON object");
                }
                return node;
            } catch (IOException e) {
                throw new LightningException(Kind.BAD_RESPONSE, backend + " " + action + ": response is not JSON", e);
            }
        } catch (IOException e) {
            throw new LightningException(Kind.UNAVAILABLE, backend + " " + action + ": cannot reach "
                    + request.url().host() + ":" + request.url().port() + " (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    /** A 2xx JSON field that must be a non-empty string. */
    String requiredText(JsonNode node, String field, String action) {
        JsonNode v = node.get(field);
        if (v == null || !v.isValueNode() || v.asText().isEmpty()) {
            throw new LightningException(Kind.BAD_RESPONSE, backend + " " + action + ": response lacks " + field);
        }
        return v.asText();
    }

    /** The error text a node put in its body ({@code message}, {@code detail} or {@code error}), made safe to log. */
    private String nodeMessage(String body) {
        String text = "";
        try {
            JsonNode node = Json.mapper().readTree(body);
            if (node != null && node.isObject()) {
                for (String field : new String[] {"message", "detail", "error"}) {
                    JsonNode v = node.get(field);
                    if (v != null && !v.isNull()) {
                        text = v.isValueNode() ? v.asText() : v.toString();
                        break;
                    }
                }
            }
        } catch (IOException e) {
            text = "(body is not JSON)";
        }
        if (secret != null && !secret.isEmpty()) {
            text = text.replace(secret, "<redacted>");
        }
        text = text.replaceAll("\\p{Cntrl}", " ");
        return text.length() > MAX_MESSAGE ? text.substring(0, MAX_MESSAGE) + "..." : text;
    }
}
