package xyz.pura.gateway.pipeline;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import xyz.pura.events.RequestCompleted;
import xyz.pura.events.refusal.Refusal;

/**
 * How a chat request ended, for its front door to render: the headers it answers with ({@code X-Pura-*}, as data),
 * and a body, a refusal, or nothing more (a stream, already written). The completion, when there is one, was
 * published before the outcome was returned, so whatever the door then writes is already billed.
 */
public sealed interface Outcome {
    Map<String, String> headers();

    /** The request's completion event, or null for a request refused before it was accepted. */
    RequestCompleted completion();

    /**
     * A whole answer: the OpenAI chat completion with its {@code pura} object, and the provider's own answer when the
     * request came in through a door that speaks the provider's format (else null; see {@code ChatResult.upstreamMessage}).
     */
    record Answered(Map<String, String> headers, ObjectNode body, RequestCompleted completion, ObjectNode upstreamBody)
            implements Outcome {
        public Answered(Map<String, String> headers, ObjectNode body, RequestCompleted completion) {
            this(headers, body, completion, null);
        }
    }

    /** A stream that was written to the {@link ChatStream} (to its end, to an error chunk, or until the client left). */
    record Streamed(Map<String, String> headers, RequestCompleted completion) implements Outcome {
    }

    /** Not answered: nothing was written, and the door renders the refusal with these headers. */
    record Refused(Map<String, String> headers, Refusal refusal, RequestCompleted completion) implements Outcome {
    }
}
