package xyz.pura.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;
import xyz.pura.events.RequestCompleted.Attempt;
import xyz.pura.events.RequestCompleted.Charge;
import xyz.pura.events.RequestCompleted.ProviderUsage;

/**
 * {@link RequestCompletedCodec} is databind, byte for byte and value for value: every completion the gateway
 * writes and the ledger reads goes through it, and events already in the topic were written by databind.
 */
class RequestCompletedCodecTest {
    private static final ObjectWriter DATABIND_WRITER = Json.mapper().writerFor(RequestCompleted.class);
    private static final ObjectReader DATABIND_READER = Json.mapper().readerFor(RequestCompleted.class);
    private static final RequestCompletedCodec CODEC = RequestCompletedCodec.INSTANCE;
    private static final String[] STRINGS = {"", "ok", "r1:completed", "k_0123456789ab", "gpt-4o-mini", "a\"b\\c/d",
        "\u0000\u0001\u001f\u007f", "\t\r\n\b\f", "é ü ß 中文", "\uD83D\uDE00 emoji", "\uD800", "\uDC00", "x\uDC00\uD800y",
        "\u2028\u2029", "\uFFFF\uFFFE", "</script>", "x".repeat(3000), "\uD800".repeat(40) + "é".repeat(40)};

    @Test
    void shouldWriteDatabindsBytesAndReadBackDatabindsValueForThousandsOfRandomCompletions() throws Exception {
        Random random = new Random(20261125L);
        for (int i = 0; i < 3_000; i++) {
            RequestCompleted e = randomCompletion(random);
            byte[] databind = DATABIND_WRITER.writeValueAsBytes(e);

            assertThat(CODEC.writeOwn(e)).as("bytes of %s", e).isEqualTo(databind);
            RequestCompleted read = CODEC.readOwn(databind);
            assertThat(read).as("read of %s", new String(databind, StandardCharsets.UTF_8)).isNotNull()
                    .isEqualTo(DATABIND_READER.readValue(databind)).isEqualTo(e);

            byte[] reordered = reorderedWithUnknownFields(databind, random);
            assertThat(CODEC.readOwn(reordered)).as("read of %s", new String(reordered, StandardCharsets.UTF_8))
                    .isNotNull().isEqualTo(DATABIND_READER.readValue(reordered)).isEqualTo(e);
        }
    }

    @Test
    void shouldWriteInstantsAsDatabindDoesAtTheEdges() throws Exception {
        Instant[] edges = {Instant.MIN, Instant.MAX, Instant.EPOCH, Instant.ofEpochSecond(-1), Instant.ofEpochSecond(0, 1),
            Instant.parse("0000-01-01T00:00:00Z"), Instant.parse("0000-01-01T00:00:00Z").minusNanos(1),
            Instant.parse("9999-12-31T23:59:59.999999999Z"), Instant.parse("9999-12-31T23:59:59.999999999Z").plusNanos(1),
            Instant.parse("-0001-06-30T12:00:00.100Z"), Instant.parse("2024-02-29T23:59:59.000001Z"),
            Instant.parse("2026-11-25T10:15:30.120Z"), Instant.parse("2026-11-25T10:15:30.123400Z")};
        for (Instant at : edges) {
            RequestCompleted e = minimal(at);
            byte[] databind = DATABIND_WRITER.writeValueAsBytes(e);
            assertThat(CODEC.writeOwn(e)).as("%s", at).isEqualTo(databind);
            assertThat(CODEC.readOwn(databind)).as("%s", at).isEqualTo(e);
        }
    }

    @Test
    void shouldReadMissingFieldsAsDatabindsDefaults() throws Exception {
        assertReadsAsDatabindWithoutFallingBack("{}");
        assertThat(CODEC.readOwn(bytes("{}"))).isEqualTo(minimal(null));
        assertReadsAsDatabindWithoutFallingBack("{\"providerUsage\":{},\"attempts\":[{}],\"charges\":[{}]}");
    }

    @Test
    void shouldReadAnEventWrittenBeforeEndpointChargesAndUsageSource() throws Exception {
        String old = "{\"schemaVersion\":1,\"eventId\":\"r1:completed\",\"occurredAt\":\"2026-11-25T10:15:30Z\","
                + "\"requestId\":\"r1\",\"keyId\":\"k\",\"provider\":\"groq\",\"model\":\"llama\",\"tier\":\"cheap\","
                + "\"status\":\"ok\",\"httpStatus\":200,\"latencyMs\":41,\"ttfbMs\":7,\"stream\":true,\"inputTokens\":12,"
                + "\"outputTokens\":30,\"providerUsage\":{\"inputTokens\":12,\"outputTokens\":30},\"costNanoUsd\":900,"
                + "\"rateCardVersion\":\"2026-11-25\",\"explored\":false,\"byok\":false,"
                + "\"attempts\":[{\"provider\":\"groq\",\"model\":\"llama\",\"outcome\":\"ok\",\"httpStatus\":200,\"latencyMs\":40}]}";
        RequestCompleted read = assertReadsAsDatabindWithoutFallingBack(old);

        assertThat(read.usageSource()).isNull();
        assertThat(read.charges()).isNull();
        assertThat(read.endpoint()).isNull();
        assertThat(read.chargesOrDerived()).hasSize(1);
    }

    @Test
    void shouldReadExplicitNullsAsDatabindDoes() throws Exception {
        StringBuilder json = new StringBuilder("{");
        for (SerializedString f : RequestCompletedCodec.FIELDS) {
            json.append('"').append(f.getValue()).append("\":null,");
        }
        json.setLength(json.length() - 1);
        RequestCompleted read = assertReadsAsDatabindWithoutFallingBack(json.append('}').toString());
        assertThat(read).isEqualTo(minimal(null));

        assertReadsAsDatabindWithoutFallingBack("{\"providerUsage\":{\"inputTokens\":null,\"reasoningTokens\":null},"
                + "\"attempts\":[null,{\"provider\":null,\"httpStatus\":null,\"latencyMs\":null}],"
                + "\"charges\":[{\"kind\":null,\"inputTokens\":null,\"costNanoUsd\":null}]}");
        assertThat(CODEC.readOwn(bytes("{\"charges\":null}")).charges()).isNull();
        assertThat(CODEC.readOwn(bytes("{\"charges\":[]}")).charges()).isEmpty();
    }

    @Test
    void shouldSkipUnknownFieldsOfEveryShape() throws Exception {
        assertReadsAsDatabindWithoutFallingBack("{\"future\":{\"a\":[1,{\"b\":null}],\"c\":\"d\"},\"httpStatus\":200,"
                + "\"more\":[[],[{}],1.5e3,\"x\",true,null],\"providerUsage\":{\"new\":{\"x\":[1]},\"inputTokens\":3},"
                + "\"attempts\":[{\"extra\":[1,2],\"latencyMs\":9}],\"charges\":[{\"note\":{\"z\":1},\"kind\":\"answer\"}],"
                + "\"debited\":true,\"completionStatus\":\"ok\",\"last\":1}");
        assertReadsAsDatabindWithoutFallingBack("{\"httpStatus\":200} trailing, as databind ignores it");
    }

    /** Coercions, duplicates and odd values: the codec leaves them to databind, which decides as it always has. */
    @Test
    void shouldLeaveWhatItIsNotSureOfToDatabind() throws Exception {
        String[] unsure = {"{\"httpStatus\":\"200\"}", "{\"stream\":1}", "{\"stream\":\"true\"}", "{\"latencyMs\":1.5}",
            "{\"latencyMs\":1e2}", "{\"eventId\":12}", "{\"eventId\":true}", "{\"occurredAt\":12345}",
            "{\"occurredAt\":12345.678}", "{\"occurredAt\":\"\"}", "{\"occurredAt\":\"2026-11-25T10:15:30+01:00\"}",
            "{\"occurredAt\":\"2026-11-25T10:15:30.000Z\"}", "{\"occurredAt\":\"2026-11-25T10:15:30.100000Z\"}",
            "{\"occurredAt\":\" 2026-11-25T10:15:30Z\"}", "{\"occurredAt\":\"1732529730000\"}",
            "{\"httpStatus\":200,\"httpStatus\":201}",
            "{\"providerUsage\":{\"inputTokens\":1,\"inputTokens\":2}}", "{\"providerUsage\":[]}",
            "{\"providerUsage\":\"\"}", "{\"attempts\":{}}", "{\"attempts\":[1]}", "{\"charges\":\"\"}",
            "{\"ttfbMs\":\"7\"}", "{\"providerUsage\":{\"inputTokens\":\"12\"}}", "{\"attempts\":[{\"httpStatus\":2.0}]}", "{\"providerUsage\":{\"inputTokens\":1.5}}",
            "{\"schemaVersion\":2147483648}", "{\"ttfbMs\":true}",
            "null", "[]", "\"x\""};
        for (String json : unsure) {
            assertThat(CODEC.readOwn(bytes(json))).as(json).isNull();
            assertThat(outcome(() -> CODEC.read(bytes(json)))).as(json)
                    .isEqualTo(outcome(() -> DATABIND_READER.readValue(bytes(json))));
        }
    }

    @Test
    void shouldFailAsDatabindDoesOnWhatDatabindRefuses() {
        String[] refused = {"", "{", "{\"httpStatus\":", "{\"httpStatus\":3000000000}", "{\"latencyMs\":99999999999999999999}",
            "{\"occurredAt\":\"2026-02-30T00:00:00Z\"}", "{\"occurredAt\":\"yesterday\"}",
            "{\"occurredAt\":\"2026-11-25T10:15Z\"}", "{\"charges\":[null]}",
            "{\"stream\":\"maybe\"}", "{\"httpStatus\":01}", "{\"attempts\":[{\"latencyMs\":}]}", "{'a':1}",
            "{\"a\":" + "[".repeat(100) + "]".repeat(100) + "}", "{\"latencyMs\":9e9999999999999999999}"};
        JsonSerde<RequestCompleted> serde = Topics.COMPLETIONS.valueSerde();
        for (String json : refused) {
            Throwable databind = catchThrowable(() -> DATABIND_READER.readValue(bytes(json)));
            assertThat(databind).as(json).isNotNull();
            assertThatThrownBy(() -> serde.deserialize("pura.completions", bytes(json))).as(json)
                    .isInstanceOf(SerializationException.class)
                    .hasMessage("cannot read RequestCompleted from pura.completions")
                    .cause().isInstanceOf(databind.getClass()).hasMessage(databind.getMessage());
        }
    }

    @Test
    void shouldBeWhatTheCompletionsSerdeUses() {
        assertThat(Topics.COMPLETIONS.valueSerde().codec()).isSameAs(CODEC);
        assertThat(new JsonSerde<>(RequestCompleted.class).codec()).isSameAs(CODEC);
        assertThat(new JsonSerde<>(RequestAccepted.class).codec()).isNull();
        assertThat(Topics.LEDGER.valueSerde().codec()).isNull();
    }

    @Test
    void shouldRoundTripThroughTheSerdeAndReadWhatDatabindWrote() throws Exception {
        JsonSerde<RequestCompleted> serde = Topics.COMPLETIONS.valueSerde();
        RequestCompleted e = typical();
        assertThat(serde.serialize("t", e)).isEqualTo(DATABIND_WRITER.writeValueAsBytes(e));
        assertThat(serde.deserialize("t", DATABIND_WRITER.writeValueAsBytes(e))).isEqualTo(e);
        assertThat(serde.serialize("t", null)).isNull();
        assertThat(serde.deserialize("t", null)).isNull();
    }

    /** A component added to the records without the codec would be dropped silently on both sides. */
    @Test
    void shouldKnowEveryComponentOfTheRecords() {
        assertThat(names(RequestCompletedCodec.FIELDS)).isEqualTo(components(RequestCompleted.class));
        assertThat(names(RequestCompletedCodec.PROVIDER_USAGE_FIELDS)).isEqualTo(components(ProviderUsage.class));
        assertThat(names(RequestCompletedCodec.ATTEMPT_FIELDS)).isEqualTo(components(Attempt.class));
        assertThat(names(RequestCompletedCodec.CHARGE_FIELDS)).isEqualTo(components(Charge.class));
    }

    /** Databind writes the record components and nothing else (no derived getters such as {@code debited()}). */
    @Test
    void shouldMatchWhatDatabindWritesAsProperties() throws Exception {
        JsonNode tree = Json.mapper().readTree(DATABIND_WRITER.writeValueAsBytes(typical()));
        assertThat(fieldNames(tree.get("attempts").get(0))).isEqualTo(components(Attempt.class));
        assertThat(fieldNames(tree.get("charges").get(0))).isEqualTo(components(Charge.class));
        RequestCompleted full = new RequestCompleted(1, "e", Instant.EPOCH, "r", "k", "p", "m", "t", "ok", 200, "x", 1,
                2L, true, 3, 4, new ProviderUsage(1, 2, 3, 4, 5, 6), 5, "v", true, true, List.of(), "provider", List.of(), "e");
        JsonNode fullTree = Json.mapper().readTree(DATABIND_WRITER.writeValueAsBytes(full));
        assertThat(fieldNames(fullTree)).isEqualTo(components(RequestCompleted.class));
        assertThat(fieldNames(fullTree.get("providerUsage"))).isEqualTo(components(ProviderUsage.class));
    }

    static RequestCompleted typical() {
        return new RequestCompleted(1, "req_01JXYZ:completed", Instant.parse("2026-12-07T12:34:56.123456Z"), "req_01JXYZ",
                "k_0123456789ab", "openai", "gpt-4o-mini", "cheap", "ok", 200, null, 1_234L, 345L, true, 14, 42,
                new ProviderUsage(14, 42, 0, 0, null, null), 12_345L, "2026-12-07.1", false, false,
                List.of(new Attempt("openai", "gpt-4o-mini", "ok", 200, 1_230L)), RequestCompleted.USAGE_PROVIDER,
                List.of(new Charge(Charge.ANSWER, "gpt-4o-mini", 14, 0, 0, 0, 42, 0, 12_345L)), "chat.completions");
    }

    private static RequestCompleted minimal(Instant at) {
        return new RequestCompleted(0, null, at, null, null, null, null, null, null, 0, null, 0, null, false, 0, 0,
                null, 0, null, false, false, null, null, null, null);
    }

    private static RequestCompleted assertReadsAsDatabindWithoutFallingBack(String json) throws Exception {
        RequestCompleted own = CODEC.readOwn(bytes(json));
        assertThat(own).as(json).isNotNull().isEqualTo(DATABIND_READER.readValue(bytes(json)));
        return own;
    }

    private static RequestCompleted randomCompletion(Random r) {
        return new RequestCompleted(anInt(r), aString(r), anInstant(r), aString(r), aString(r), aString(r), aString(r),
                aString(r), aString(r), anInt(r), aString(r), aLong(r), r.nextInt(4) == 0 ? null : aLong(r), r.nextBoolean(),
                anInt(r), anInt(r), r.nextInt(4) == 0 ? null : new ProviderUsage(aBoxedInt(r), aBoxedInt(r), aBoxedInt(r),
                        aBoxedInt(r), aBoxedInt(r), aBoxedInt(r)),
                aLong(r), aString(r), r.nextBoolean(), r.nextBoolean(),
                aList(r, true, () -> new Attempt(aString(r), aString(r), aString(r), aBoxedInt(r), aLong(r))),
                aString(r), aList(r, false, () -> new Charge(aString(r), aString(r), aLong(r), aLong(r), aLong(r), aLong(r),
                        aLong(r), aLong(r), aLong(r))),
                aString(r));
    }

    private static <T> List<T> aList(Random r, boolean nullElements, Supplier<T> element) {
        int size = r.nextInt(6) - 1;
        if (size < 0) {
            return null;
        }
        List<T> list = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            list.add(nullElements && r.nextInt(8) == 0 ? null : element.get());
        }
        return list;
    }

    private static String aString(Random r) {
        return switch (r.nextInt(6)) {
            case 0 -> null;
            case 1, 2 -> STRINGS[r.nextInt(STRINGS.length)];
            case 3 -> {
                char[] c = new char[r.nextInt(12)];
                for (int i = 0; i < c.length; i++) {
                    c[i] = (char) r.nextInt(Character.MAX_VALUE + 1);
                }
                yield new String(c);
            }
            case 4 -> {
                char[] c = new char[r.nextInt(12)];
                for (int i = 0; i < c.length; i++) {
                    c[i] = (char) r.nextInt(0x80);
                }
                yield new String(c);
            }
            default -> "v" + r.nextInt(1000);
        };
    }

    private static int anInt(Random r) {
        return switch (r.nextInt(6)) {
            case 0 -> Integer.MIN_VALUE;
            case 1 -> Integer.MAX_VALUE;
            case 2 -> 0;
            case 3 -> -1;
            default -> r.nextInt();
        };
    }

    private static Integer aBoxedInt(Random r) {
        return r.nextInt(4) == 0 ? null : anInt(r);
    }

    private static long aLong(Random r) {
        return switch (r.nextInt(7)) {
            case 0 -> Long.MIN_VALUE;
            case 1 -> Long.MAX_VALUE;
            case 2 -> 0;
            case 3 -> Integer.MAX_VALUE + 1L;
            case 4 -> Integer.MIN_VALUE;
            default -> r.nextLong();
        };
    }

    private static Instant anInstant(Random r) {
        long second = switch (r.nextInt(5)) {
            case 0 -> r.nextLong(Instant.MIN.getEpochSecond(), Instant.MAX.getEpochSecond());
            case 1 -> r.nextLong(-62_167_219_200L - 86_400L * 800, 253_402_300_799L + 86_400L * 800);
            default -> r.nextLong(1_600_000_000L, 2_000_000_000L);
        };
        int nano = switch (r.nextInt(5)) {
            case 0 -> 0;
            case 1 -> r.nextInt(1_000) * 1_000_000;
            case 2 -> r.nextInt(1_000_000) * 1_000;
            default -> r.nextInt(1_000_000_000);
        };
        return r.nextInt(10) == 0 ? null : Instant.ofEpochSecond(second, nano);
    }

    /** The same document with its fields (nested ones too) shuffled and unknown fields of every shape among them. */
    private static byte[] reorderedWithUnknownFields(byte[] json, Random r) throws Exception {
        JsonNode tree = Json.mapper().readTree(json);
        return Json.mapper().writeValueAsBytes(shuffled(tree, r));
    }

    private static JsonNode shuffled(JsonNode node, Random r) {
        if (node.isArray()) {
            var array = Json.mapper().createArrayNode();
            node.forEach(element -> array.add(shuffled(element, r)));
            return array;
        }
        if (!node.isObject()) {
            return node;
        }
        List<String> names = new ArrayList<>(fieldNames(node));
        names.add("unknownScalar");
        names.add("unknownObject");
        names.add("unknownArray");
        Collections.shuffle(names, r);
        ObjectNode out = Json.mapper().createObjectNode();
        for (String name : names) {
            switch (name) {
                case "unknownScalar" -> out.put(name, r.nextLong());
                case "unknownObject" -> out.putObject(name).put("model", "x").putArray("attempts").add(1).addObject();
                case "unknownArray" -> out.putArray(name).add("s").addNull().addArray().add(1.5);
                default -> out.set(name, shuffled(node.get(name), r));
            }
        }
        return out;
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static List<String> names(List<SerializedString> fields) {
        return fields.stream().map(SerializedString::getValue).toList();
    }

    private static List<String> components(Class<? extends Record> type) {
        return Arrays.stream(type.getRecordComponents()).map(java.lang.reflect.RecordComponent::getName).toList();
    }

    /** The value read, or the class and message of what was thrown. */
    private static Object outcome(java.util.concurrent.Callable<RequestCompleted> read) {
        try {
            return read.call();
        } catch (Exception e) {
            return e.getClass().getName() + ": " + e.getMessage();
        }
    }

    private static Throwable catchThrowable(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        return org.assertj.core.api.Assertions.catchThrowable(call);
    }

    private static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }
}
