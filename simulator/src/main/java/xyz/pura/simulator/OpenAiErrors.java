package xyz.pura.simulator;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;

/**
 * OpenAI's error answer, {@code {"error":{"message","type","param","code"}}}, which Groq copies, with the headers each
 * sends on a 429 rate limit: OpenAI {@code retry-after-ms} and {@code retry-after} (whole seconds, rounded up) with
 * its {@code x-ratelimit-*} counters; Groq {@code retry-after} with the same counters, its resets in fractional seconds.
 * An exhausted quota ({@code insufficient_quota}) is a 429 without any of them: waiting does not end it.
 */
final class OpenAiErrors {
    /** What a simulated OpenAI rate limit asks the caller to wait, in milliseconds ({@code retry-after-ms}). */
    static final int OPENAI_RETRY_AFTER_MS = 1200;
    /** What a simulated Groq rate limit asks the caller to wait, in seconds ({@code retry-after}). */
    static final int GROQ_RETRY_AFTER_SECONDS = 2;

    private OpenAiErrors() {
    }

    static void write(Context ctx, String provider, int status, String type, String code, String param, String message) {
        ObjectNode e = JsonNodeFactory.instance.objectNode();
        ObjectNode inner = e.putObject("error").put("message", message).put("type", type);
        inner.put("param", param);
        inner.put("code", code);
        if (status == 429 && !"insufficient_quota".equals(code)) {
            rateLimitHeaders(ctx, provider);
        }
        ctx.status(status).contentType("application/json").result(e.toString());
    }

    /** The quota fault: a 429 of type and code {@code insufficient_quota}, as OpenAI answers when billing is exhausted. */
    static void insufficientQuota(Context ctx, String provider) {
        write(ctx, provider, 429, "insufficient_quota", "insufficient_quota", null,
                "You exceeded your current quota, please check your plan and billing details. (simulated)");
    }

    private static void rateLimitHeaders(Context ctx, String provider) {
        if (provider.equals("openai")) {
            ctx.header("retry-after-ms", Integer.toString(OPENAI_RETRY_AFTER_MS));
            ctx.header("Retry-After", Integer.toString((OPENAI_RETRY_AFTER_MS + 999) / 1000));
            ctx.header("x-ratelimit-limit-requests", "500").header("x-ratelimit-remaining-requests", "0")
                    .header("x-ratelimit-reset-requests", "1.2s");
            ctx.header("x-ratelimit-limit-tokens", "150000").header("x-ratelimit-remaining-tokens", "149984")
                    .header("x-ratelimit-reset-tokens", "6m0s");
        } else {
            ctx.header("Retry-After", Integer.toString(GROQ_RETRY_AFTER_SECONDS));
            ctx.header("x-ratelimit-limit-requests", "14400").header("x-ratelimit-remaining-requests", "0")
                    .header("x-ratelimit-reset-requests", "1.66s");
            ctx.header("x-ratelimit-limit-tokens", "6000").header("x-ratelimit-remaining-tokens", "5000")
                    .header("x-ratelimit-reset-tokens", "7.66s");
        }
    }
}
