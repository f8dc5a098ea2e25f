package xyz.pura.ledger.internal;

import java.lang.invoke.LambdaMetafactory;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import xyz.pura.events.JsonSerde;

/**
 * A binary value serde for the ledger's internal stores (read by no analytics consumer; public topics stay JSON):
 * a record's components in declaration order, without names, integers as zig-zag varints. The ledger rewrites a
 * key's account, its recent-entry slot, a report item and a quality bucket on every request, and as JSON those four
 * conversions were about 7 % of the whole gateway's CPU at saturation (async-profiler, bench/ab.sh profile).
 *
 * <p><b>Format.</b> A first byte {@value #FORMAT}, then the number of components written, then each one. Values
 * are read the other way; components a record gained since a value was written (they are only ever appended,
 * never renamed, reordered or reused, as for the events) read as null, 0 or false; a value with more components
 * than the record knows is refused (it came from a newer version). A value whose first byte is not
 * {@value #FORMAT} is JSON from a version before this serde and is read as JSON, so existing stores and changelogs
 * keep working after an upgrade. A downgrade cannot read these values: the older version must rebuild its state
 * (`kafka-streams-application-reset` on the ledger's application id, or a fresh state directory and changelogs).
 *
 * <p>Supported component types: {@code long}, {@code int}, {@code boolean}, their boxes (null allowed),
 * {@link String}, {@link Instant}, {@link LocalDate}, enums (by name), records of these, and {@link List} and
 * {@link Map} (read back as {@link TreeMap}) of them. Any other type fails when the serde is built, so a store
 * with an unsupported value type cannot start. Keys keep their serdes: a changed key encoding would orphan the
 * entries already stored.
 */
public final class CompactSerde<T extends Record> implements Serde<T>, Serializer<T>, Deserializer<T> {
    /** The first byte of every value this serde writes; JSON starts with '{' or whitespace. */
    static final byte FORMAT = 1;

    private final Class<T> type;
    private final RecordCodec codec;
    private final JsonSerde<T> legacy;

    public CompactSerde(Class<T> type) {
        this.type = type;
        this.codec = new RecordCodec(type);
        this.legacy = new JsonSerde<>(type);
    }

    @Override
    public byte[] serialize(String topic, T data) {
        if (data == null) {
            return null;
        }
        Out out = new Out(256);
        out.buf[out.n++] = FORMAT;
        codec.writeBody(out, data);
        return out.bytes();
    }

    @Override
    @SuppressWarnings("unchecked")
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        if (data.length == 0 || data[0] != FORMAT) {
            return legacy.deserialize(topic, data);
        }
        In in = new In(data, 1);
        try {
            T value = (T) codec.readBody(in);
            if (in.pos != data.length) {
                throw new SerializationException(data.length - in.pos + " trailing bytes");
            }
            return value;
        } catch (RuntimeException e) {
            throw new SerializationException("cannot read " + type.getSimpleName() + " from " + topic + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Serializer<T> serializer() {
        return this;
    }

    @Override
    public Deserializer<T> deserializer() {
        return this;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        // nothing to configure
    }

    @Override
    public void close() {
        // nothing to release
    }

    // ------------------------------------------------------------------ codecs

    private interface Codec {
        void write(Out out, Object value);

        Object read(In in);

        /** What a component that the value does not hold reads as. */
        default Object absent() {
            return null;
        }
    }

    /** A nullable reference: a presence byte, then the value. */
    private record Nullable(Codec inner) implements Codec {
        @Override
        public void write(Out out, Object value) {
            if (value == null) {
                out.varint(0);
            } else {
                out.varint(1);
                inner.write(out, value);
            }
        }

        @Override
        public Object read(In in) {
            return in.varint() == 0 ? null : inner.read(in);
        }
    }

    private static final Codec LONG = new Codec() {
        @Override
        public void write(Out out, Object value) {
            out.varint(zigzag((Long) value));
        }

        @Override
        public Object read(In in) {
            return unzigzag(in.varint());
        }

        @Override
        public Object absent() {
            return 0L;
        }
    };

    private static final Codec INT = new Codec() {
        @Override
        public void write(Out out, Object value) {
            out.varint(zigzag((Integer) value));
        }

        @Override
        public Object read(In in) {
            return Math.toIntExact(unzigzag(in.varint()));
        }

        @Override
        public Object absent() {
            return 0;
        }
    };

    private static final Codec BOOLEAN = new Codec() {
        @Override
        public void write(Out out, Object value) {
            out.varint((Boolean) value ? 1 : 0);
        }

        @Override
        public Object read(In in) {
            return in.varint() != 0;
        }

        @Override
        public Object absent() {
            return false;
        }
    };

    /** Null as length 0, else the UTF-8 length plus one and the bytes. */
    private static final Codec STRING = new Codec() {
        @Override
        public void write(Out out, Object value) {
            if (value == null) {
                out.varint(0);
                return;
            }
            byte[] b = ((String) value).getBytes(StandardCharsets.UTF_8);
            out.varint(b.length + 1L);
            out.bytes(b);
        }

        @Override
        public Object read(In in) {
            long n = in.varint();
            return n == 0 ? null : in.string(Math.toIntExact(n - 1));
        }
    };

    private static final Codec INSTANT = new Nullable(new Codec() {
        @Override
        public void write(Out out, Object value) {
            Instant i = (Instant) value;
            out.varint(zigzag(i.getEpochSecond()));
            out.varint(i.getNano());
        }

        @Override
        public Object read(In in) {
            return Instant.ofEpochSecond(unzigzag(in.varint()), in.varint());
        }
    });

    private static final Codec LOCAL_DATE = new Nullable(new Codec() {
        @Override
        public void write(Out out, Object value) {
            out.varint(zigzag(((LocalDate) value).toEpochDay()));
        }

        @Override
        public Object read(In in) {
            return LocalDate.ofEpochDay(unzigzag(in.varint()));
        }
    });

    private static Codec of(Type type) {
        if (type instanceof Class<?> c) {
            if (c == long.class) {
                return LONG;
            }
            if (c == int.class) {
                return INT;
            }
            if (c == boolean.class) {
                return BOOLEAN;
            }
            if (c == Long.class) {
                return new Nullable(LONG);
            }
            if (c == Integer.class) {
                return new Nullable(INT);
            }
            if (c == Boolean.class) {
                return new Nullable(BOOLEAN);
            }
            if (c == String.class) {
                return STRING;
            }
            if (c == Instant.class) {
                return INSTANT;
            }
            if (c == LocalDate.class) {
                return LOCAL_DATE;
            }
            if (c.isEnum()) {
                return new Nullable(new EnumCodec(c));
            }
            if (c.isRecord()) {
                return new Nullable(new RecordCodec(c));
            }
        }
        if (type instanceof ParameterizedType p && p.getRawType() instanceof Class<?> raw) {
            Type[] args = p.getActualTypeArguments();
            if (raw == List.class) {
                return new Nullable(new ListCodec(of(args[0])));
            }
            if (Map.class.isAssignableFrom(raw) && raw.isAssignableFrom(TreeMap.class)) {
                return new Nullable(new MapCodec(of(args[0]), of(args[1])));
            }
        }
        throw new IllegalArgumentException("CompactSerde does not encode " + type.getTypeName());
    }

    private record EnumCodec(Class<?> type) implements Codec {
        @Override
        public void write(Out out, Object value) {
            STRING.write(out, ((Enum<?>) value).name());
        }

        @Override
        @SuppressWarnings({"unchecked", "rawtypes"})
        public Object read(In in) {
            return Enum.valueOf((Class) type, (String) STRING.read(in));
        }
    }

    private record ListCodec(Codec element) implements Codec {
        @Override
        public void write(Out out, Object value) {
            List<?> list = (List<?>) value;
            out.varint(list.size());
            for (Object e : list) {
                element.write(out, e);
            }
        }

        @Override
        public Object read(In in) {
            int n = in.count();
            List<Object> list = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                list.add(element.read(in));
            }
            return list;
        }
    }

    private record MapCodec(Codec key, Codec value) implements Codec {
        @Override
        public void write(Out out, Object v) {
            Map<?, ?> map = (Map<?, ?>) v;
            out.varint(map.size());
            for (Map.Entry<?, ?> e : map.entrySet()) {
                key.write(out, e.getKey());
                value.write(out, e.getValue());
            }
        }

        @Override
        public Object read(In in) {
            int n = in.count();
            TreeMap<Object, Object> map = new TreeMap<>();
            for (int i = 0; i < n; i++) {
                Object k = key.read(in);
                map.put(k, value.read(in));
            }
            return map;
        }
    }

    /** A record: the number of components, then each; read back through the canonical constructor. */
    private static final class RecordCodec implements Codec {
        private final Class<?> type;
        /** The components' accessors as lambdas (LambdaMetafactory): a non-constant method handle per call costs more. */
        private final Function<Object, Object>[] accessors;
        private final Codec[] codecs;
        private final MethodHandle constructor;

        RecordCodec(Class<?> type) {
            if (!type.isRecord()) {
                throw new IllegalArgumentException(type.getName() + " is not a record");
            }
            this.type = type;
            RecordComponent[] components = type.getRecordComponents();
            @SuppressWarnings("unchecked")
            Function<Object, Object>[] fns = new Function[components.length];
            accessors = fns;
            codecs = new Codec[components.length];
            Class<?>[] types = new Class<?>[components.length];
            try {
                MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(type, MethodHandles.lookup());
                for (int i = 0; i < components.length; i++) {
                    RecordComponent c = components[i];
                    accessors[i] = accessor(lookup, type, c);
                    codecs[i] = of(c.getGenericType());
                    types[i] = c.getType();
                }
                var ctor = type.getDeclaredConstructor(types);
                ctor.setAccessible(true);
                constructor = lookup.unreflectConstructor(ctor).asSpreader(Object[].class, components.length)
                        .asType(MethodType.methodType(Object.class, Object[].class));
            } catch (ReflectiveOperationException e) {
                throw new IllegalArgumentException("cannot encode " + type.getName(), e);
            }
        }

        void writeBody(Out out, Object value) {
            out.varint(codecs.length);
            for (int i = 0; i < codecs.length; i++) {
                codecs[i].write(out, accessors[i].apply(value));
            }
        }

        @SuppressWarnings("unchecked")
        private static Function<Object, Object> accessor(MethodHandles.Lookup lookup, Class<?> type, RecordComponent c)
                throws ReflectiveOperationException {
            MethodHandle getter = lookup.unreflect(c.getAccessor());
            Class<?> boxed = MethodType.methodType(c.getType()).wrap().returnType();
            try {
                return (Function<Object, Object>) LambdaMetafactory.metafactory(lookup, "apply",
                        MethodType.methodType(Function.class), MethodType.methodType(Object.class, Object.class), getter,
                        MethodType.methodType(boxed, type)).getTarget().invokeExact();
            } catch (ReflectiveOperationException | RuntimeException | Error e) {
                throw e;
            } catch (Throwable t) {
                throw new IllegalStateException(t);
            }
        }

        Object readBody(In in) {
            int n = in.count();
            if (n > codecs.length) {
                throw new SerializationException("the value has " + n
                        + " components, this version knows " + codecs.length + " (written by a newer version)");
            }
            Object[] args = new Object[codecs.length];
            for (int i = 0; i < codecs.length; i++) {
                args[i] = i < n ? codecs[i].read(in) : codecs[i].absent();
            }
            try {
                return (Object) constructor.invokeExact(args);
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable t) {
                throw new IllegalStateException(t);
            }
        }

        @Override
        public void write(Out out, Object value) {
            writeBody(out, value);
        }

        @Override
        public Object read(In in) {
            return readBody(in);
        }
    }

    // ------------------------------------------------------------------ bytes

    private static long zigzag(long v) {
        return (v << 1) ^ (v >> 63);
    }

    private static long unzigzag(long v) {
        return (v >>> 1) ^ -(v & 1);
    }

    private static final class Out {
        byte[] buf;
        int n;

        Out(int size) {
            buf = new byte[size];
        }

        void varint(long v) {
            ensure(10);
            while ((v & ~0x7FL) != 0) {
                buf[n++] = (byte) ((v & 0x7F) | 0x80);
                v >>>= 7;
            }
            buf[n++] = (byte) v;
        }

        void bytes(byte[] b) {
            ensure(b.length);
            System.arraycopy(b, 0, buf, n, b.length);
            n += b.length;
        }

        private void ensure(int more) {
            if (n + more > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, n + more));
            }
        }

        byte[] bytes() {
            return Arrays.copyOf(buf, n);
        }
    }

    private static final class In {
        private final byte[] b;
        int pos;

        In(byte[] b, int pos) {
            this.b = b;
            this.pos = pos;
        }

        long varint() {
            long v = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                if (pos >= b.length) {
                    throw new SerializationException("truncated value");
                }
                byte x = b[pos++];
                v |= (long) (x & 0x7F) << shift;
                if (x >= 0) {
                    return v;
                }
            }
            throw new SerializationException("malformed varint");
        }

        /** A length or count: never more than the bytes left (a corrupt value cannot make us allocate much). */
        int count() {
            long n = varint();
            if (n < 0 || n > b.length - pos + 1L) {
                throw new SerializationException("bad count " + n);
            }
            return (int) n;
        }

        String string(int length) {
            if (length < 0 || length > b.length - pos) {
                throw new SerializationException("truncated string");
            }
            String s = new String(b, pos, length, StandardCharsets.UTF_8);
            pos += length;
            return s;
        }
    }
}
