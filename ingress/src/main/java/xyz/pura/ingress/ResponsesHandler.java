package xyz.pura.ingress;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.time.Duration;
import xyz.pura.events.Endpoint;
import xyz.pura.events.Json;
import xyz.pura.events.chat.ChatRequest;
import xyz.pura.events.chat.ChatRequestParser;
import xyz.pura.events.refusal.Refusal;
import xyz.pura.events.refusal.Refused;
import xyz.pura.gateway.pipeline.ChatPipeline;
import xyz.pura.gateway.pipeline.Outcome;
import xyz.pura.ingress.internal.ErrorMapper;
import xyz.pura.ingress.internal.JsonAnswer;
import xyz.pura.ingress.internal.SseResponse;
import xyz.pura.ingress.responses.ResponsesAnswer;
import xyz.pura.ingress.responses.ResponsesRequest;
import xyz.pura.ingress.responses.ResponsesStream;
import xyz.pura.ingress.wallet.WalletHandler;

/**
 * The OpenAI Responses door: {@code POST /v1/responses}, stateless. The same gates as chat ({@link Doorway}), the
 * request translated to chat ({@link ResponsesRequest}) and served by the one {@link ChatPipeline} (routing,
 * admission, billing with endpoint {@code /v1/responses}), the answer rendered as a {@code response} object or its
 * event stream ({@link ResponsesStream}). Errors use OpenAI's envelope, as on chat.
 */
public final class ResponsesHandler {
    private final Doorway door;
    private final ChatPipeline pipeline;
    private final Duration streamWriteTimeout;

    public ResponsesHandler(Doorway door, ChatPipeline pipeline, Duration streamWriteTimeout) {
        this.door = door;
        this.pipeline = pipeline;
        this.streamWriteTimeout = streamWriteTimeout;
    }

    public void create(Context ctx) {
        try (Doorway.Entry in = door.enter(ctx)) {
            ObjectNode request = ChatRequestParser.readObject(in.body());
            ChatRequest chat = ChatRequestParser.parse(ResponsesRequest.toChat(request), false);
            var caller = new ChatPipeline.Caller(in.key(), ctx.header("X-Provider-Key"), WalletHandler.baseUrl(ctx));
            ResponsesStream stream = chat.stream()
                    ? new ResponsesStream(new SseResponse(ctx, streamWriteTimeout), request) : null;
            Outcome outcome = pipeline.serve(caller, Endpoint.RESPONSES, chat, in.startNanos(), stream);
            switch (outcome) {
                case Outcome.Answered a -> {
                    a.headers().forEach(ctx::header);
                    JsonAnswer.write(ctx, Json.bytes(ResponsesAnswer.of(request,
                            a.headers().getOrDefault("X-Pura-Request-Id", "req_unknown"), a.body())));
                }
                case Outcome.Refused r -> {
                    r.headers().forEach(ctx::header);
                    ErrorMapper.write(ctx, r.refusal());
                }
                case Outcome.Streamed s -> {
                    // written event by event, headers with the first
                }
            }
        }
    }

    /** {@code GET|DELETE /v1/responses/{id}} and {@code POST .../cancel}: nothing is stored, so there is nothing to find. */
    public void stored(Context ctx) {
        throw new Refused(new Refusal.NotFound("not_found", "No response with id '" + ctx.pathParam("responseId")
                + "': this gateway is stateless and stores no responses (send \"store\": false and the whole conversation "
                + "in 'input' each turn).", null));
    }
}
