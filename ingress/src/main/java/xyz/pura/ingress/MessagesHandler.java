package xyz.pura.ingress;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.time.Duration;
import xyz.pura.events.Endpoint;
import xyz.pura.events.Json;
import xyz.pura.events.chat.ChatRequest;
import xyz.pura.events.refusal.Refused;
import xyz.pura.gateway.Metering;
import xyz.pura.gateway.pipeline.ChatPipeline;
import xyz.pura.gateway.pipeline.Outcome;
import xyz.pura.ingress.internal.JsonAnswer;
import xyz.pura.ingress.internal.MessagesErrorEnvelope;
import xyz.pura.ingress.internal.SseResponse;
import xyz.pura.ingress.messages.ChatToMessage;
import xyz.pura.ingress.messages.MessagesRequest;
import xyz.pura.ingress.messages.MessagesStream;
import xyz.pura.ingress.wallet.WalletHandler;

/**
 * The Anthropic Messages door: {@code POST /v1/messages} (JSON unless {@code "stream": true}) and
 * {@code POST /v1/messages/count_tokens}. The key comes in {@code x-api-key} or {@code Authorization: Bearer}; an
 * {@code anthropic-version} header may be sent. It passes the {@link Doorway}'s gates, translates the request for
 * the {@link ChatPipeline} (which routes it like any chat: {@code "auto"} or a pinned model of any provider) and
 * renders the {@link Outcome} in Anthropic's shape: Claude's own answer as it came, any other provider's translated
 * ({@link ChatToMessage}, {@link MessagesStream}); every refusal as Anthropic's error ({@link MessagesErrorEnvelope}).
 */
public final class MessagesHandler {
    private final Doorway door;
    private final ChatPipeline pipeline;
    private final Metering metering;
    private final Duration streamWriteTimeout;

    /** @param streamWriteTimeout how long one write of a stream may block (PURA_STREAM_WRITE_TIMEOUT_SECONDS) */
    public MessagesHandler(Doorway door, ChatPipeline pipeline, Metering metering, Duration streamWriteTimeout) {
        this.door = door;
        this.pipeline = pipeline;
        this.metering = metering;
        this.streamWriteTimeout = streamWriteTimeout;
    }

    public void create(Context ctx) {
        try (Doorway.Entry in = door.enter(ctx, true)) {
            MessagesRequest.checkVersion(ctx.header("anthropic-version"));
            ChatRequest chat = MessagesRequest.parse(in.body());
            var caller = new ChatPipeline.Caller(in.key(), ctx.header("X-Provider-Key"), WalletHandler.baseUrl(ctx));
            MessagesStream stream = chat.stream() ? new MessagesStream(new SseResponse(ctx, streamWriteTimeout)) : null;
            render(ctx, pipeline.serve(caller, Endpoint.MESSAGES, chat, in.startNanos(), stream));
        } catch (Refused refused) {
            MessagesErrorEnvelope.write(ctx, refused.refusal());
        }
    }

    /** {@code {"input_tokens": N}}: the gateway's own count of the request (what it meters), not billed. */
    public void countTokens(Context ctx) {
        try (Doorway.Entry in = door.enter(ctx, true)) {
            MessagesRequest.checkVersion(ctx.header("anthropic-version"));
            int tokens = metering.countRequest(MessagesRequest.parseForCount(in.body()));
            JsonAnswer.write(ctx, Json.bytes(Json.mapper().createObjectNode().put("input_tokens", tokens)));
        } catch (Refused refused) {
            MessagesErrorEnvelope.write(ctx, refused.refusal());
        }
    }

    private static void render(Context ctx, Outcome outcome) {
        switch (outcome) {
            case Outcome.Answered a -> {
                a.headers().forEach(ctx::header);
                ObjectNode message;
                if (a.upstreamBody() != null) {
                    message = a.upstreamBody();
                    message.set("pura", a.body().get("pura"));
                } else {
                    message = ChatToMessage.message(a.body());
                }
                JsonAnswer.write(ctx, Json.bytes(message));
            }
            case Outcome.Refused r -> {
                r.headers().forEach(ctx::header);
                MessagesErrorEnvelope.write(ctx, r.refusal());
            }
            case Outcome.Streamed s -> {
                // written to the client event by event, headers with the first
            }
        }
    }
}
