package xyz.pura.telemetry;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Whether and where the gateway exports OpenTelemetry, read once from the standard {@code OTEL_*} variables.
 *
 * <p>Telemetry is on when {@code OTEL_EXPORTER_OTLP_ENDPOINT} (or a per-signal {@code OTEL_EXPORTER_OTLP_TRACES_ENDPOINT}
 * / {@code OTEL_EXPORTER_OTLP_METRICS_ENDPOINT}) is set and {@code OTEL_SDK_DISABLED} is not {@code true}; otherwise it
 * is off and nothing of the SDK is created. Every {@code OTEL_*} variable is handed to the SDK's autoconfiguration as
 * its property ({@code OTEL_METRIC_EXPORT_INTERVAL} is {@code otel.metric.export.interval}), so headers, resource
 * attributes, timeouts, compression, batch sizes and temporality work as the OpenTelemetry specification says. Only
 * OTLP over HTTP ({@code http/protobuf}) is built in: {@code grpc} and exporters other than {@code otlp} / {@code none}
 * are refused here, at start.
 *
 * @param properties the {@code OTEL_*} variables as SDK properties ({@code otel.exporter.otlp.endpoint}, ...); empty
 *     when off
 */
public record TelemetryConfig(boolean enabled, Map<String, String> properties) {
    /** {@code service.name} when neither {@code OTEL_SERVICE_NAME} nor {@code OTEL_RESOURCE_ATTRIBUTES} names one. */
    public static final String DEFAULT_SERVICE_NAME = "pura-gateway";
    static final String PROTOCOL = "http/protobuf";
    private static final List<String> ENDPOINTS = List.of("OTEL_EXPORTER_OTLP_ENDPOINT",
            "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT");
    private static final List<String> PROTOCOLS = List.of("OTEL_EXPORTER_OTLP_PROTOCOL",
            "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "OTEL_EXPORTER_OTLP_METRICS_PROTOCOL");
    private static final List<String> EXPORTERS = List.of("OTEL_TRACES_EXPORTER", "OTEL_METRICS_EXPORTER");

    public TelemetryConfig {
        properties = Map.copyOf(properties);
    }

    /** Telemetry off: no endpoint set. */
    public static TelemetryConfig off() {
        return new TelemetryConfig(false, Map.of());
    }

    /**
     * Reads the {@code OTEL_*} variables of {@code env}.
     *
     * @throws IllegalArgumentException listing every bad variable
     */
    public static TelemetryConfig fromEnv(Map<String, String> env) {
        boolean endpoint = ENDPOINTS.stream().anyMatch(n -> !blank(env.get(n)));
        if (!endpoint || "true".equalsIgnoreCase(trim(env.get("OTEL_SDK_DISABLED")))) {
            return off();
        }
        List<String> problems = new ArrayList<>();
        for (String name : ENDPOINTS) {
            String v = env.get(name);
            if (!blank(v) && !httpUrl(v.trim())) {
                problems.add(name + " must be an http:// or https:// URL such as http://127.0.0.1:4318, not '"
                        + redact(v) + "'");
            }
        }
        for (String name : PROTOCOLS) {
            String v = trim(env.get(name));
            if (!blank(v) && !PROTOCOL.equals(v)) {
                problems.add(name + "=" + v + " is not supported: this gateway exports OTLP over HTTP only ("
                        + PROTOCOL + ", a collector's port 4318); leave it unset or set " + PROTOCOL);
            }
        }
        for (String name : EXPORTERS) {
            String v = trim(env.get(name));
            if (!blank(v) && !v.equals("otlp") && !v.equals("none")) {
                problems.add(name + " must be otlp or none, not '" + v + "'");
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        Map<String, String> props = new TreeMap<>();
        env.forEach((name, value) -> {
            if (name.startsWith("OTEL_") && value != null) {
                props.put(name.toLowerCase(Locale.ROOT).replace('_', '.'), value);
            }
        });
        // a signal without an endpoint of its own or the shared one is not exported (the SDK would try localhost)
        if (blank(env.get("OTEL_EXPORTER_OTLP_ENDPOINT"))) {
            if (blank(env.get("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"))) {
                props.put("otel.traces.exporter", "none");
            }
            if (blank(env.get("OTEL_EXPORTER_OTLP_METRICS_ENDPOINT"))) {
                props.put("otel.metrics.exporter", "none");
            }
        }
        return new TelemetryConfig(true, props);
    }

    /** What the SDK is given on top of the variables: the protocol this build has and no log export. */
    Map<String, String> sdkProperties() {
        Map<String, String> p = new TreeMap<>(properties);
        p.put("otel.exporter.otlp.protocol", PROTOCOL);
        p.put("otel.logs.exporter", "none");
        p.putIfAbsent("otel.traces.exporter", "otlp");
        p.putIfAbsent("otel.metrics.exporter", "otlp");
        return p;
    }

    @Override
    public String toString() {
        if (!enabled) {
            return "TelemetryConfig[off]";
        }
        StringBuilder b = new StringBuilder("TelemetryConfig[otlp");
        properties.forEach((k, v) -> b.append(", ").append(k).append('=')
                .append(k.contains("headers") || k.contains("key") ? "<redacted>"
                        : k.endsWith("endpoint") ? redact(v) : v));
        return b.append(']').toString();
    }

    /** Scheme, host and port only: a URL may carry credentials in its user info or query. */
    static String redact(String url) {
        try {
            URI u = URI.create(url.trim());
            return u.getHost() == null ? "***" : u.getScheme() + "://" + u.getHost() + (u.getPort() >= 0 ? ":" + u.getPort() : "")
                    + (u.getRawPath() != null && u.getRawPath().length() > 1 ? u.getRawPath() : "");
        } catch (IllegalArgumentException e) {
            return "***";
        }
    }

    private static boolean httpUrl(String v) {
        try {
            URI u = URI.create(v);
            return ("http".equals(u.getScheme()) || "https".equals(u.getScheme())) && u.getHost() != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean blank(String v) {
        return v == null || v.isBlank();
    }

    private static String trim(String v) {
        return v == null ? null : v.trim();
    }
}
