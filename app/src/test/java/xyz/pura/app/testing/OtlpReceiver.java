package xyz.pura.app.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPInputStream;

/**
 * An OTLP/HTTP receiver on 127.0.0.1 (what an OpenTelemetry Collector's {@code otlp} receiver is on port 4318): takes
 * {@code POST /v1/traces} and {@code POST /v1/metrics} in protobuf, decodes them with the OTLP's own classes and keeps
 * them for the test to read.
 */
public final class OtlpReceiver implements AutoCloseable {
    /** A span with the resource it was exported under. */
    public record ReceivedSpan(Span span, Resource resource) {
        public Map<String, Object> attributes() {
            return OtlpReceiver.attributes(span.getAttributesList());
        }
    }

    private final HttpServer server;
    private final List<ExportTraceServiceRequest> traces = new CopyOnWriteArrayList<>();
    private final List<ExportMetricsServiceRequest> metrics = new CopyOnWriteArrayList<>();

    public OtlpReceiver() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/v1/traces", ex -> handle(ex, () -> {
            traces.add(ExportTraceServiceRequest.parseFrom(body(ex)));
            return ExportTraceServiceResponse.getDefaultInstance().toByteArray();
        }));
        server.createContext("/v1/metrics", ex -> handle(ex, () -> {
            metrics.add(ExportMetricsServiceRequest.parseFrom(body(ex)));
            return ExportMetricsServiceResponse.getDefaultInstance().toByteArray();
        }));
        server.start();
    }

    /** What {@code OTEL_EXPORTER_OTLP_ENDPOINT} is set to. */
    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public List<ReceivedSpan> spans() {
        List<ReceivedSpan> all = new ArrayList<>();
        for (ExportTraceServiceRequest r : traces) {
            for (ResourceSpans rs : r.getResourceSpansList()) {
                rs.getScopeSpansList().forEach(ss -> ss.getSpansList().forEach(s -> all.add(new ReceivedSpan(s, rs.getResource()))));
            }
        }
        return all;
    }

    /** Every metric of every export, the latest last (the SDK exports cumulative sums: the latest holds everything). */
    public List<Metric> metrics() {
        List<Metric> all = new ArrayList<>();
        for (ExportMetricsServiceRequest r : metrics) {
            for (ResourceMetrics rm : r.getResourceMetricsList()) {
                rm.getScopeMetricsList().forEach(sm -> all.addAll(sm.getMetricsList()));
            }
        }
        return all;
    }

    public int requests() {
        return traces.size() + metrics.size();
    }

    public static Map<String, Object> attributes(List<KeyValue> kvs) {
        Map<String, Object> m = new HashMap<>();
        for (KeyValue kv : kvs) {
            m.put(kv.getKey(), value(kv.getValue()));
        }
        return m;
    }

    private static Object value(AnyValue v) {
        return switch (v.getValueCase()) {
            case STRING_VALUE -> v.getStringValue();
            case INT_VALUE -> v.getIntValue();
            case DOUBLE_VALUE -> v.getDoubleValue();
            case BOOL_VALUE -> v.getBoolValue();
            default -> v.toString();
        };
    }

    private interface Reply {
        byte[] get() throws IOException;
    }

    private static void handle(HttpExchange ex, Reply reply) throws IOException {
        try (ex) {
            if (!"POST".equals(ex.getRequestMethod())
                    || !"application/x-protobuf".equals(ex.getRequestHeaders().getFirst("Content-Type"))) {
                ex.sendResponseHeaders(415, -1);
                return;
            }
            byte[] out = reply.get();
            ex.getResponseHeaders().set("Content-Type", "application/x-protobuf");
            ex.sendResponseHeaders(200, out.length);
            ex.getResponseBody().write(out);
        }
    }

    private static InputStream body(HttpExchange ex) throws IOException {
        InputStream in = ex.getRequestBody();
        return "gzip".equals(ex.getRequestHeaders().getFirst("Content-Encoding")) ? new GZIPInputStream(in) : in;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
