package xyz.pura.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/** The one JSON configuration of the project: ISO-8601 instants, nulls omitted, unknown fields tolerated. */
public final class Json {
    private Json() {
    }

    /** Deeper JSON than this is refused while parsing (a request body nests a few levels; an attack nests thousands). */
    public static final int MAX_NESTING_DEPTH = 64;

    /**
     * Largest decimal exponent a JSON number may have: {@code 1e50000000} is 16 bytes of JSON, and any later
     * {@code setScale}, {@code toPlainString} or {@code toBigInteger} of it expands to 50 million digits (seconds
     * of CPU each, on a virtual thread that never yields its carrier). A double ends at about 1e308.
     */
    public static final int MAX_NUMBER_EXPONENT = BoundedNumbers.MAX_EXPONENT;

    /** Buffer sets kept for reuse: more than the carrier and ledger threads that parse or write at once. */
    private static final int RECYCLED_BUFFER_SETS = 64;

    private static final ObjectMapper MAPPER = JsonMapper.builder(new GuardedJsonFactory(com.fasterxml.jackson.core.JsonFactory.builder()
                    .streamReadConstraints(com.fasterxml.jackson.core.StreamReadConstraints.builder()
                            .maxNestingDepth(MAX_NESTING_DEPTH).build())
                    // requests run on virtual threads, which Jackson's default thread-local buffer pool cannot reuse
                    // across: every request allocated fresh parser and generator buffers (8 KB and more each). A
                    // bounded pool: a parser reading an upstream's answer holds its buffers while it waits, and a
                    // burst of 2,000 such requests must not leave 2,000 buffer sets in the heap for good
                    .recyclerPool(com.fasterxml.jackson.core.util.JsonRecyclerPools.newBoundedPool(RECYCLED_BUFFER_SETS)).build()))
            .nodeFactory(BoundedNumbers.FACTORY)
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();

    /** Writes a value as UTF-8 JSON; our own values always serialise, so failure is a bug. */
    public static byte[] bytes(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }

    /** A shared, thread-safe mapper; never reconfigure it. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }
}
