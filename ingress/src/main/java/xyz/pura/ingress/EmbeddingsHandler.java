package xyz.pura.ingress;

import com.fasterxml.jackson.core.JsonGenerator;
import io.javalin.http.Context;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import xyz.pura.events.Json;
import xyz.pura.events.embeddings.EmbeddingRequest;
import xyz.pura.events.embeddings.EmbeddingRequestParser;
import xyz.pura.gateway.pipeline.ChatPipeline;
import xyz.pura.gateway.pipeline.EmbeddingOutcome;
import xyz.pura.gateway.pipeline.EmbeddingPipeline;
import xyz.pura.ingress.internal.ErrorMapper;
import xyz.pura.ingress.internal.JsonAnswer;
import xyz.pura.ingress.wallet.WalletHandler;
import xyz.pura.providers.internal.EmbeddingVectors;

/**
 * The OpenAI embeddings door, {@code POST /v1/embeddings}: the {@link Doorway}'s gates (as chat), the body parsed
 * into an {@link EmbeddingRequest} (a 400 naming the field otherwise), the {@link EmbeddingPipeline}, and its outcome
 * rendered: the headers, then OpenAI's {@code list} of {@code embedding}s with {@code usage} and the {@code pura}
 * object, or the error envelope ({@link ErrorMapper}).
 */
public final class EmbeddingsHandler {
    private final Doorway door;
    private final EmbeddingPipeline pipeline;

    public EmbeddingsHandler(Doorway door, EmbeddingPipeline pipeline) {
        this.door = door;
        this.pipeline = pipeline;
    }

    public void handle(Context ctx) {
        try (Doorway.Entry in = door.enter(ctx)) {
            EmbeddingRequest request = EmbeddingRequestParser.parse(in.body());
            var caller = new ChatPipeline.Caller(in.key(), ctx.header("X-Provider-Key"), WalletHandler.baseUrl(ctx));
            switch (pipeline.serve(caller, request, in.startNanos())) {
                case EmbeddingOutcome.Answered a -> {
                    a.headers().forEach(ctx::header);
                    JsonAnswer.write(ctx, body(a));
                }
                case EmbeddingOutcome.Refused r -> {
                    r.headers().forEach(ctx::header);
                    ErrorMapper.write(ctx, r.refusal());
                }
            }
        }
    }

    /**
     * OpenAI's answer, written with the streaming generator (a tree of 2,048 vectors of 3,072 numbers would be
     * hundreds of megabytes): {@code {"object":"list","data":[{"object":"embedding","index","embedding"}],"model",
     * "usage":{"prompt_tokens","total_tokens"},"pura":{...}}}; an embedding is a float array, or with
     * {@code encoding_format: "base64"} its little-endian float32 bytes in base64.
     */
    static byte[] body(EmbeddingOutcome.Answered a) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024 + a.vectors().size() * 64);
        try (JsonGenerator g = Json.mapper().getFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("object", "list");
            g.writeArrayFieldStart("data");
            for (int i = 0; i < a.vectors().size(); i++) {
                float[] vector = a.vectors().get(i);
                g.writeStartObject();
                g.writeStringField("object", "embedding");
                g.writeNumberField("index", i);
                g.writeFieldName("embedding");
                if (a.base64()) {
                    g.writeString(EmbeddingVectors.toBase64(vector));
                } else {
                    g.writeStartArray();
                    for (float f : vector) {
                        g.writeNumber(f);
                    }
                    g.writeEndArray();
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeStringField("model", a.model());
            g.writeObjectFieldStart("usage");
            g.writeNumberField("prompt_tokens", a.promptTokens());
            g.writeNumberField("total_tokens", a.promptTokens());
            g.writeEndObject();
            g.writeFieldName("pura");
            Json.mapper().writeValue(g, a.pura());
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
