package xyz.pura.events;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.util.BufferRecycler;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import xyz.pura.events.RequestCompleted.Attempt;
import xyz.pura.events.RequestCompleted.Charge;
import xyz.pura.events.RequestCompleted.ProviderUsage;

/**
 * {@link RequestCompleted} written and read with Jackson's streaming API. Every request writes one (on the request
 * thread) and the ledger reads it back; databind reaching the record's 25 components (and its nested records') through
 * reflection was 2.7 % and 2.3 % of the whole process's CPU at saturation.
 *
 * <p>The writer is databind's serialisation spelled out: components in declaration order, nulls omitted, instants as
 * {@link Instant#toString()}, every string through the same factory's generator (so its escaping). The reader takes
 * the documents it can read without guessing: the expected token type for each known component (a null for a
 * primitive is its default, as databind's), unknown fields skipped, any order, each component at most once.
 * Anything else (a coercion databind would make, such as {@code "200"} for an int or a number for an instant, a
 * duplicate, a non-canonical instant, a number beyond its type, malformed JSON) goes to databind on the same bytes, so
 * the value or the exception is databind's own.
 */
final class RequestCompletedCodec implements JsonCodec<RequestCompleted> {
    static final RequestCompletedCodec INSTANCE = new RequestCompletedCodec();

    private static final SerializedString SCHEMA_VERSION = new SerializedString("schemaVersion");
    private static final SerializedString EVENT_ID = new SerializedString("eventId");
    private static final SerializedString OCCURRED_AT = new SerializedString("occurredAt");
    private static final SerializedString REQUEST_ID = new SerializedString("requestId");
    private static final SerializedString KEY_ID = new SerializedString("keyId");
    private static final SerializedString PROVIDER = new SerializedString("provider");
    private static final SerializedString MODEL = new SerializedString("model");
    private static final SerializedString TIER = new SerializedString("tier");
    private static final SerializedString STATUS = new SerializedString("status");
    private static final SerializedString HTTP_STATUS = new SerializedString("httpStatus");
    private static final SerializedString ERROR_CODE = new SerializedString("errorCode");
    private static final SerializedString LATENCY_MS = new SerializedString("latencyMs");
    private static final SerializedString TTFB_MS = new SerializedString("ttfbMs");
    private static final SerializedString STREAM = new SerializedString("stream");
    private static final SerializedString INPUT_TOKENS = new SerializedString("inputTokens");
    private static final SerializedString OUTPUT_TOKENS = new SerializedString("outputTokens");
    private static final SerializedString PROVIDER_USAGE = new SerializedString("providerUsage");
    private static final SerializedString COST_NANO_USD = new SerializedString("costNanoUsd");
    private static final SerializedString RATE_CARD_VERSION = new SerializedString("rateCardVersion");
    private static final SerializedString EXPLORED = new SerializedString("explored");
    private static final SerializedString BYOK = new SerializedString("byok");
    private static final SerializedString ATTEMPTS = new SerializedString("attempts");
    private static final SerializedString USAGE_SOURCE = new SerializedString("usageSource");
    private static final SerializedString CHARGES = new SerializedString("charges");
    private static final SerializedString ENDPOINT = new SerializedString("endpoint");

    private static final SerializedString CACHED_INPUT_TOKENS = new SerializedString("cachedInputTokens");
    private static final SerializedString REASONING_TOKENS = new SerializedString("reasoningTokens");
    private static final SerializedString CACHE_WRITE_5M_TOKENS = new SerializedString("cacheWrite5mTokens");
    private static final SerializedString CACHE_WRITE_1H_TOKENS = new SerializedString("cacheWrite1hTokens");

    private static final SerializedString OUTCOME = new SerializedString("outcome");

    private static final SerializedString KIND = new SerializedString("kind");
    private static final SerializedString CACHE_READ_TOKENS = new SerializedString("cacheReadTokens");

    /** The components this codec writes and reads, in the order it writes them (the records' own order). */
    static final List<SerializedString> FIELDS = List.of(SCHEMA_VERSION, EVENT_ID, OCCURRED_AT, REQUEST_ID, KEY_ID,
            PROVIDER, MODEL, TIER, STATUS, HTTP_STATUS, ERROR_CODE, LATENCY_MS, TTFB_MS, STREAM, INPUT_TOKENS,
            OUTPUT_TOKENS, PROVIDER_USAGE, COST_NANO_USD, RATE_CARD_VERSION, EXPLORED, BYOK, ATTEMPTS, USAGE_SOURCE,
            CHARGES, ENDPOINT);
    static final List<SerializedString> PROVIDER_USAGE_FIELDS = List.of(INPUT_TOKENS, OUTPUT_TOKENS,
            CACHED_INPUT_TOKENS, REASONING_TOKENS, CACHE_WRITE_5M_TOKENS, CACHE_WRITE_1H_TOKENS);
    static final List<SerializedString> ATTEMPT_FIELDS = List.of(PROVIDER, MODEL, OUTCOME, HTTP_STATUS, LATENCY_MS);
    static final List<SerializedString> CHARGE_FIELDS = List.of(KIND, MODEL, INPUT_TOKENS, CACHE_READ_TOKENS,
            CACHE_WRITE_5M_TOKENS, CACHE_WRITE_1H_TOKENS, OUTPUT_TOKENS, REASONING_TOKENS, COST_NANO_USD);

    /** First and last second whose instant {@link Instant#toString()} writes with a four-digit year. */
    private static final long FIRST_4_DIGIT_SECOND = LocalDate.of(0, 1, 1).toEpochDay() * 86_400L;
    private static final long LAST_4_DIGIT_SECOND = LocalDate.of(9999, 12, 31).toEpochDay() * 86_400L + 86_399L;

    /** What the reader is not sure of: databind reads the document instead. Thrown often, so without a stack. */
    private static final Exception UNSURE = new Exception("not the codec's to read", null, false, false) {
        private static final long serialVersionUID = 1L;
    };

    private final JsonFactory factory = Json.mapper().getFactory();
    private final ObjectWriter databindWriter = Json.mapper().writerFor(RequestCompleted.class);
    private final ObjectReader databindReader = Json.mapper().readerFor(RequestCompleted.class);

    private RequestCompletedCodec() {
    }

    /** The codec's bytes; should the generator refuse the value, databind writes it (or throws its own exception). */
    @Override
    public byte[] write(RequestCompleted value) throws IOException {
        try {
            return writeOwn(value);
        } catch (IOException | RuntimeException refused) {
            return databindWriter.writeValueAsBytes(value);
        }
    }

    @Override
    public RequestCompleted read(byte[] data) throws IOException {
        RequestCompleted own = readOwn(data);
        return own != null ? own : databindReader.readValue(data);
    }

    /** The codec's own writing, without databind behind it; buffers as {@code ObjectWriter.writeValueAsBytes} takes them. */
    byte[] writeOwn(RequestCompleted e) throws IOException {
        BufferRecycler br = factory._getBufferRecycler();
        try (ByteArrayBuilder bb = new ByteArrayBuilder(br)) {
            try (JsonGenerator g = factory.createGenerator(bb, JsonEncoding.UTF8)) {
                writeCompleted(g, e);
            }
            return bb.getClearAndRelease();
        } finally {
            br.releaseToPool();
        }
    }

    /** The codec's own reading: the value, or null for a document it leaves to databind. */
    RequestCompleted readOwn(byte[] data) {
        try (JsonParser p = factory.createParser(data)) {
            return p.nextToken() == JsonToken.START_OBJECT ? readCompleted(p) : null;
        } catch (Exception unsure) {
            return null;
        }
    }

    private static void writeCompleted(JsonGenerator g, RequestCompleted e) throws IOException {
        g.writeStartObject();
        g.writeFieldName(SCHEMA_VERSION);
        g.writeNumber(e.schemaVersion());
        writeString(g, EVENT_ID, e.eventId());
        if (e.occurredAt() != null) {
            g.writeFieldName(OCCURRED_AT);
            writeInstant(g, e.occurredAt());
        }
        writeString(g, REQUEST_ID, e.requestId());
        writeString(g, KEY_ID, e.keyId());
        writeString(g, PROVIDER, e.provider());
        writeString(g, MODEL, e.model());
        writeString(g, TIER, e.tier());
        writeString(g, STATUS, e.status());
        g.writeFieldName(HTTP_STATUS);
        g.writeNumber(e.httpStatus());
        writeString(g, ERROR_CODE, e.errorCode());
        g.writeFieldName(LATENCY_MS);
        g.writeNumber(e.latencyMs());
        if (e.ttfbMs() != null) {
            g.writeFieldName(TTFB_MS);
            g.writeNumber(e.ttfbMs().longValue());
        }
        g.writeFieldName(STREAM);
        g.writeBoolean(e.stream());
        g.writeFieldName(INPUT_TOKENS);
        g.writeNumber(e.inputTokens());
        g.writeFieldName(OUTPUT_TOKENS);
        g.writeNumber(e.outputTokens());
        if (e.providerUsage() != null) {
            g.writeFieldName(PROVIDER_USAGE);
            writeProviderUsage(g, e.providerUsage());
        }
        g.writeFieldName(COST_NANO_USD);
        g.writeNumber(e.costNanoUsd());
        writeString(g, RATE_CARD_VERSION, e.rateCardVersion());
        g.writeFieldName(EXPLORED);
        g.writeBoolean(e.explored());
        g.writeFieldName(BYOK);
        g.writeBoolean(e.byok());
        if (e.attempts() != null) {
            g.writeFieldName(ATTEMPTS);
            g.writeStartArray();
            for (Attempt a : e.attempts()) {
                if (a == null) {
                    g.writeNull();
                } else {
                    writeAttempt(g, a);
                }
            }
            g.writeEndArray();
        }
        writeString(g, USAGE_SOURCE, e.usageSource());
        if (e.charges() != null) {
            g.writeFieldName(CHARGES);
            g.writeStartArray();
            for (Charge c : e.charges()) {
                writeCharge(g, c);
            }
            g.writeEndArray();
        }
        writeString(g, ENDPOINT, e.endpoint());
        g.writeEndObject();
    }

    private static void writeProviderUsage(JsonGenerator g, ProviderUsage u) throws IOException {
        g.writeStartObject();
        writeInt(g, INPUT_TOKENS, u.inputTokens());
        writeInt(g, OUTPUT_TOKENS, u.outputTokens());
        writeInt(g, CACHED_INPUT_TOKENS, u.cachedInputTokens());
        writeInt(g, REASONING_TOKENS, u.reasoningTokens());
        writeInt(g, CACHE_WRITE_5M_TOKENS, u.cacheWrite5mTokens());
        writeInt(g, CACHE_WRITE_1H_TOKENS, u.cacheWrite1hTokens());
        g.writeEndObject();
    }

    private static void writeAttempt(JsonGenerator g, Attempt a) throws IOException {
        g.writeStartObject();
        writeString(g, PROVIDER, a.provider());
        writeString(g, MODEL, a.model());
        writeString(g, OUTCOME, a.outcome());
        writeInt(g, HTTP_STATUS, a.httpStatus());
        g.writeFieldName(LATENCY_MS);
        g.writeNumber(a.latencyMs());
        g.writeEndObject();
    }

    private static void writeCharge(JsonGenerator g, Charge c) throws IOException {
        g.writeStartObject();
        writeString(g, KIND, c.kind());
        writeString(g, MODEL, c.model());
        g.writeFieldName(INPUT_TOKENS);
        g.writeNumber(c.inputTokens());
        g.writeFieldName(CACHE_READ_TOKENS);
        g.writeNumber(c.cacheReadTokens());
        g.writeFieldName(CACHE_WRITE_5M_TOKENS);
        g.writeNumber(c.cacheWrite5mTokens());
        g.writeFieldName(CACHE_WRITE_1H_TOKENS);
        g.writeNumber(c.cacheWrite1hTokens());
        g.writeFieldName(OUTPUT_TOKENS);
        g.writeNumber(c.outputTokens());
        g.writeFieldName(REASONING_TOKENS);
        g.writeNumber(c.reasoningTokens());
        g.writeFieldName(COST_NANO_USD);
        g.writeNumber(c.costNanoUsd());
        g.writeEndObject();
    }

    private static void writeString(JsonGenerator g, SerializedString name, String value) throws IOException {
        if (value != null) {
            g.writeFieldName(name);
            g.writeString(value);
        }
    }

    private static void writeInt(JsonGenerator g, SerializedString name, Integer value) throws IOException {
        if (value != null) {
            g.writeFieldName(name);
            g.writeNumber(value.intValue());
        }
    }

    /** {@link Instant#toString()}'s text (what databind writes), composed without its formatter for four-digit years. */
    static void writeInstant(JsonGenerator g, Instant t) throws IOException {
        long second = t.getEpochSecond();
        if (second < FIRST_4_DIGIT_SECOND || second > LAST_4_DIGIT_SECOND) {
            g.writeString(t.toString());
            return;
        }
        char[] c = new char[30];
        LocalDate d = LocalDate.ofEpochDay(Math.floorDiv(second, 86_400L));
        int ofDay = (int) Math.floorMod(second, 86_400L);
        digits(c, 0, d.getYear(), 4);
        c[4] = '-';
        digits(c, 5, d.getMonthValue(), 2);
        c[7] = '-';
        digits(c, 8, d.getDayOfMonth(), 2);
        c[10] = 'T';
        digits(c, 11, ofDay / 3600, 2);
        c[13] = ':';
        digits(c, 14, ofDay / 60 % 60, 2);
        c[16] = ':';
        digits(c, 17, ofDay % 60, 2);
        int n = 19;
        int nano = t.getNano();
        if (nano != 0) {
            c[n++] = '.';
            if (nano % 1_000_000 == 0) {
                n = digits(c, n, nano / 1_000_000, 3);
            } else if (nano % 1_000 == 0) {
                n = digits(c, n, nano / 1_000, 6);
            } else {
                n = digits(c, n, nano, 9);
            }
        }
        c[n++] = 'Z';
        g.writeString(c, 0, n);
    }

    private static int digits(char[] c, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            c[i] = (char) ('0' + value % 10);
            value /= 10;
        }
        return at + width;
    }

    private static RequestCompleted readCompleted(JsonParser p) throws Exception {
        int schemaVersion = 0;
        String eventId = null;
        Instant occurredAt = null;
        String requestId = null;
        String keyId = null;
        String provider = null;
        String model = null;
        String tier = null;
        String status = null;
        int httpStatus = 0;
        String errorCode = null;
        long latencyMs = 0;
        Long ttfbMs = null;
        boolean stream = false;
        int inputTokens = 0;
        int outputTokens = 0;
        ProviderUsage providerUsage = null;
        long costNanoUsd = 0;
        String rateCardVersion = null;
        boolean explored = false;
        boolean byok = false;
        List<Attempt> attempts = null;
        String usageSource = null;
        List<Charge> charges = null;
        String endpoint = null;
        long seen = 0;
        String name;
        while ((name = p.nextFieldName()) != null) {
            JsonToken t = p.nextToken();
            int bit;
            switch (name) {
                case "schemaVersion" -> { bit = 0; schemaVersion = intValue(p, t); }
                case "eventId" -> { bit = 1; eventId = string(p, t); }
                case "occurredAt" -> { bit = 2; occurredAt = instant(p, t); }
                case "requestId" -> { bit = 3; requestId = string(p, t); }
                case "keyId" -> { bit = 4; keyId = string(p, t); }
                case "provider" -> { bit = 5; provider = string(p, t); }
                case "model" -> { bit = 6; model = string(p, t); }
                case "tier" -> { bit = 7; tier = string(p, t); }
                case "status" -> { bit = 8; status = string(p, t); }
                case "httpStatus" -> { bit = 9; httpStatus = intValue(p, t); }
                case "errorCode" -> { bit = 10; errorCode = string(p, t); }
                case "latencyMs" -> { bit = 11; latencyMs = longValue(p, t); }
                case "ttfbMs" -> { bit = 12; ttfbMs = t == JsonToken.VALUE_NULL ? null : longValue(p, t); }
                case "stream" -> { bit = 13; stream = bool(t); }
                case "inputTokens" -> { bit = 14; inputTokens = intValue(p, t); }
                case "outputTokens" -> { bit = 15; outputTokens = intValue(p, t); }
                case "providerUsage" -> { bit = 16; providerUsage = providerUsage(p, t); }
                case "costNanoUsd" -> { bit = 17; costNanoUsd = longValue(p, t); }
                case "rateCardVersion" -> { bit = 18; rateCardVersion = string(p, t); }
                case "explored" -> { bit = 19; explored = bool(t); }
                case "byok" -> { bit = 20; byok = bool(t); }
                case "attempts" -> { bit = 21; attempts = attempts(p, t); }
                case "usageSource" -> { bit = 22; usageSource = string(p, t); }
                case "charges" -> { bit = 23; charges = charges(p, t); }
                case "endpoint" -> { bit = 24; endpoint = string(p, t); }
                default -> {
                    p.skipChildren();
                    continue;
                }
            }
            seen = once(seen, bit);
        }
        endOfObject(p);
        return new RequestCompleted(schemaVersion, eventId, occurredAt, requestId, keyId, provider, model, tier, status,
                httpStatus, errorCode, latencyMs, ttfbMs, stream, inputTokens, outputTokens, providerUsage, costNanoUsd,
                rateCardVersion, explored, byok, attempts, usageSource, charges, endpoint);
    }

    private static ProviderUsage providerUsage(JsonParser p, JsonToken t) throws Exception {
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        expect(t, JsonToken.START_OBJECT);
        Integer inputTokens = null;
        Integer outputTokens = null;
        Integer cachedInputTokens = null;
        Integer reasoningTokens = null;
        Integer cacheWrite5mTokens = null;
        Integer cacheWrite1hTokens = null;
        long seen = 0;
        String name;
        while ((name = p.nextFieldName()) != null) {
            t = p.nextToken();
            int bit;
            switch (name) {
                case "inputTokens" -> { bit = 0; inputTokens = boxedInt(p, t); }
                case "outputTokens" -> { bit = 1; outputTokens = boxedInt(p, t); }
                case "cachedInputTokens" -> { bit = 2; cachedInputTokens = boxedInt(p, t); }
                case "reasoningTokens" -> { bit = 3; reasoningTokens = boxedInt(p, t); }
                case "cacheWrite5mTokens" -> { bit = 4; cacheWrite5mTokens = boxedInt(p, t); }
                case "cacheWrite1hTokens" -> { bit = 5; cacheWrite1hTokens = boxedInt(p, t); }
                default -> {
                    p.skipChildren();
                    continue;
                }
            }
            seen = once(seen, bit);
        }
        endOfObject(p);
        return new ProviderUsage(inputTokens, outputTokens, cachedInputTokens, reasoningTokens, cacheWrite5mTokens,
                cacheWrite1hTokens);
    }

    private static List<Attempt> attempts(JsonParser p, JsonToken t) throws Exception {
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        expect(t, JsonToken.START_ARRAY);
        List<Attempt> list = new ArrayList<>();
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t == JsonToken.VALUE_NULL) {
                list.add(null);
            } else {
                expect(t, JsonToken.START_OBJECT);
                list.add(attempt(p));
            }
        }
        return list;
    }

    private static Attempt attempt(JsonParser p) throws Exception {
        String provider = null;
        String model = null;
        String outcome = null;
        Integer httpStatus = null;
        long latencyMs = 0;
        long seen = 0;
        String name;
        while ((name = p.nextFieldName()) != null) {
            JsonToken t = p.nextToken();
            int bit;
            switch (name) {
                case "provider" -> { bit = 0; provider = string(p, t); }
                case "model" -> { bit = 1; model = string(p, t); }
                case "outcome" -> { bit = 2; outcome = string(p, t); }
                case "httpStatus" -> { bit = 3; httpStatus = boxedInt(p, t); }
                case "latencyMs" -> { bit = 4; latencyMs = longValue(p, t); }
                default -> {
                    p.skipChildren();
                    continue;
                }
            }
            seen = once(seen, bit);
        }
        endOfObject(p);
        return new Attempt(provider, model, outcome, httpStatus, latencyMs);
    }

    /** A null line is databind's to refuse: the record's {@code List.copyOf} throws on it. */
    private static List<Charge> charges(JsonParser p, JsonToken t) throws Exception {
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        expect(t, JsonToken.START_ARRAY);
        List<Charge> list = new ArrayList<>();
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            expect(t, JsonToken.START_OBJECT);
            list.add(charge(p));
        }
        return list;
    }

    private static Charge charge(JsonParser p) throws Exception {
        String kind = null;
        String model = null;
        long inputTokens = 0;
        long cacheReadTokens = 0;
        long cacheWrite5mTokens = 0;
        long cacheWrite1hTokens = 0;
        long outputTokens = 0;
        long reasoningTokens = 0;
        long costNanoUsd = 0;
        long seen = 0;
        String name;
        while ((name = p.nextFieldName()) != null) {
            JsonToken t = p.nextToken();
            int bit;
            switch (name) {
                case "kind" -> { bit = 0; kind = string(p, t); }
                case "model" -> { bit = 1; model = string(p, t); }
                case "inputTokens" -> { bit = 2; inputTokens = longValue(p, t); }
                case "cacheReadTokens" -> { bit = 3; cacheReadTokens = longValue(p, t); }
                case "cacheWrite5mTokens" -> { bit = 4; cacheWrite5mTokens = longValue(p, t); }
                case "cacheWrite1hTokens" -> { bit = 5; cacheWrite1hTokens = longValue(p, t); }
                case "outputTokens" -> { bit = 6; outputTokens = longValue(p, t); }
                case "reasoningTokens" -> { bit = 7; reasoningTokens = longValue(p, t); }
                case "costNanoUsd" -> { bit = 8; costNanoUsd = longValue(p, t); }
                default -> {
                    p.skipChildren();
                    continue;
                }
            }
            seen = once(seen, bit);
        }
        endOfObject(p);
        return new Charge(kind, model, inputTokens, cacheReadTokens, cacheWrite5mTokens, cacheWrite1hTokens,
                outputTokens, reasoningTokens, costNanoUsd);
    }

    /** A component given twice is databind's to settle. */
    private static long once(long seen, int bit) throws Exception {
        long mask = 1L << bit;
        if ((seen & mask) != 0) {
            throw UNSURE;
        }
        return seen | mask;
    }

    private static void endOfObject(JsonParser p) throws Exception {
        expect(p.currentToken(), JsonToken.END_OBJECT);
    }

    private static void expect(JsonToken t, JsonToken expected) throws Exception {
        if (t != expected) {
            throw UNSURE;
        }
    }

    private static String string(JsonParser p, JsonToken t) throws Exception {
        if (t == JsonToken.VALUE_STRING) {
            return p.getText();
        }
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        throw UNSURE;
    }

    /** An int that fits; null is databind's default for a primitive, 0. */
    private static int intValue(JsonParser p, JsonToken t) throws Exception {
        if (t == JsonToken.VALUE_NUMBER_INT && p.getNumberType() == JsonParser.NumberType.INT) {
            return p.getIntValue();
        }
        if (t == JsonToken.VALUE_NULL) {
            return 0;
        }
        throw UNSURE;
    }

    private static Integer boxedInt(JsonParser p, JsonToken t) throws Exception {
        return t == JsonToken.VALUE_NULL ? null : intValue(p, t);
    }

    private static long longValue(JsonParser p, JsonToken t) throws Exception {
        if (t == JsonToken.VALUE_NUMBER_INT) {
            JsonParser.NumberType type = p.getNumberType();
            if (type == JsonParser.NumberType.INT || type == JsonParser.NumberType.LONG) {
                return p.getLongValue();
            }
        } else if (t == JsonToken.VALUE_NULL) {
            return 0;
        }
        throw UNSURE;
    }

    private static boolean bool(JsonToken t) throws Exception {
        return switch (t) {
            case VALUE_TRUE -> true;
            case VALUE_FALSE, VALUE_NULL -> false;
            default -> throw UNSURE;
        };
    }

    private static Instant instant(JsonParser p, JsonToken t) throws Exception {
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        expect(t, JsonToken.VALUE_STRING);
        Instant parsed = parseInstant(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
        if (parsed == null) {
            throw UNSURE;
        }
        return parsed;
    }

    /**
     * The instant of text exactly as {@link Instant#toString()} writes it (databind reads such text as
     * {@link Instant#parse}), or null for any other text: databind's own reading of it is lenient in ways of its own
     * (offsets, numbers in strings, blanks).
     */
    static Instant parseInstant(char[] c, int at, int length) {
        if (length == 20 || length == 24 || length == 27 || length == 30) {
            Instant fast = parseFourDigitYear(c, at, length);
            if (fast != null) {
                return fast;
            }
        }
        String text = new String(c, at, length);
        try {
            Instant parsed = Instant.parse(text);
            return parsed.toString().equals(text) ? parsed : null;
        } catch (DateTimeException notIso) {
            return null;
        }
    }

    private static Instant parseFourDigitYear(char[] c, int at, int length) {
        if (c[at + 4] != '-' || c[at + 7] != '-' || c[at + 10] != 'T' || c[at + 13] != ':' || c[at + 16] != ':'
                || c[at + length - 1] != 'Z' || (length > 20 && c[at + 19] != '.')) {
            return null;
        }
        int year = number(c, at, 4);
        int month = number(c, at + 5, 2);
        int day = number(c, at + 8, 2);
        int hour = number(c, at + 11, 2);
        int minute = number(c, at + 14, 2);
        int second = number(c, at + 17, 2);
        int fraction = length > 20 ? number(c, at + 20, length - 21) : 0;
        if ((year | month | day | hour | minute | second | fraction) < 0 || hour > 23 || minute > 59 || second > 59) {
            return null;
        }
        int nano = switch (length) {
            case 24 -> fraction != 0 ? fraction * 1_000_000 : -1;
            case 27 -> fraction % 1_000 != 0 ? fraction * 1_000 : -1;
            case 30 -> fraction % 1_000 != 0 ? fraction : -1;
            default -> 0;
        };
        if (nano < 0) {
            return null;
        }
        try {
            long epochDay = LocalDate.of(year, month, day).toEpochDay();
            return Instant.ofEpochSecond(epochDay * 86_400L + hour * 3_600L + minute * 60L + second, nano);
        } catch (DateTimeException invalidDate) {
            return null;
        }
    }

    /** The decimal number of {@code width} digits at {@code at}, or -1 for anything else. */
    private static int number(char[] c, int at, int width) {
        int n = 0;
        for (int i = at; i < at + width; i++) {
            int d = c[i] - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            n = n * 10 + d;
        }
        return n;
    }
}
