package xyz.pura.ingress;

import io.javalin.http.Context;
import java.time.Duration;
import xyz.pura.events.Endpoint;
import xyz.pura.events.Json;
import xyz.pura.events.chat.ChatRequest;
import xyz.pura.events.chat.ChatRequestParser;
import xyz.pura.gateway.pipeline.ChatPipeline;
import xyz.pura.gateway.pipeline.Outcome;
import xyz.pura.ingress.internal.ErrorMapper;
import xyz.pura.ingress.internal.JsonAnswer;
import xyz.pura.ingress.internal.SseResponse;
import xyz.pura.ingress.wallet.WalletHandler;

/**
 * The OpenAI chat door: {@code POST /v1/chat/completions} (JSON unless {@code "stream": true}) and
 * {@code POST /api/chat} (SSE unless {@code "stream": false}). It passes the {@link Doorway}'s gates, parses the body
 * into a {@link ChatRequest}, hands it to the {@link ChatPipeline}, and renders the {@link Outcome}: headers, then
 * the JSON answer or the error envelope (a stream is written by {@link SseResponse} as the pipeline goes).
 */
public final class ChatHandler {
    private final Doorway door;
    private final ChatPipeline pipeline;
    private final Duration streamWriteTimeout;

    /** @param streamWriteTimeout how long one write of a stream may block (PURA_STREAM_WRITE_TIMEOUT_SECONDS) */
    public ChatHandler(Doorway door, ChatPipeline pipeline, Duration streamWriteTimeout) {
        this.door = door;
        this.pipeline = pipeline;
        this.streamWriteTimeout = streamWriteTimeout;
    }

    public void openAi(Context ctx) {
        handle(ctx, false);
    }

    public void pura(Context ctx) {
        handle(ctx, true);
    }

    private void handle(Context ctx, boolean defaultStream) {
        try (Doorway.Entry in = door.enter(ctx)) {
            ChatRequest chat = ChatRequestParser.parse(in.body(), defaultStream);
            var caller = new ChatPipeline.Caller(in.key(), ctx.header("X-Provider-Key"), WalletHandler.baseUrl(ctx));
            SseResponse sse = chat.stream() ? new SseResponse(ctx, streamWriteTimeout) : null;
            Endpoint endpoint = defaultStream ? Endpoint.PURA_CHAT : Endpoint.CHAT_COMPLETIONS;
            render(ctx, pipeline.serve(caller, endpoint, chat, in.startNanos(), sse));
        }
    }

    private static void render(Context ctx, Outcome outcome) {
        switch (outcome) {
            case Outcome.Answered a -> {
                a.headers().forEach(ctx::header);
                JsonAnswer.write(ctx, Json.bytes(a.body()));
            }
            case Outcome.Refused r -> {
                r.headers().forEach(ctx::header);
                ErrorMapper.write(ctx, r.refusal());
            }
            case Outcome.Streamed s -> {
                // written to the client chunk by chunk, headers with the first
            }
        }
    }
}
