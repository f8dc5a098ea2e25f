package xyz.pura.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/** Reads a JFR recording of the gateway: CPU samples by method (self and inclusive) and by area, allocations by class. */
final class JfrSummary {
    private JfrSummary() {
    }

    /** Areas by package prefix, first match wins (on the frame nearest the top that belongs to one). */
    private static final List<Map.Entry<String, String>> AREAS = List.of(
            Map.entry("org.apache.kafka.clients.producer", "Kafka producer (gateway events)"),
            Map.entry("org.apache.kafka.streams", "Kafka Streams (ledger)"),
            Map.entry("org.rocksdb", "RocksDB (ledger state)"),
            Map.entry("kafka.", "Kafka broker"),
            Map.entry("org.apache.kafka.server", "Kafka broker"),
            Map.entry("org.apache.kafka.storage", "Kafka broker"),
            Map.entry("org.apache.kafka.raft", "Kafka broker"),
            Map.entry("org.apache.kafka.coordinator", "Kafka broker"),
            Map.entry("org.apache.kafka.clients.consumer", "Kafka consumers"),
            Map.entry("org.apache.kafka.common.compress", "Kafka compression"),
            Map.entry("org.apache.kafka", "Kafka common/network"),
            Map.entry("com.knuddels.jtokkit", "jtokkit (token counting)"),
            Map.entry("com.fasterxml.jackson", "Jackson JSON"),
            Map.entry("okhttp3", "OkHttp (upstream client)"),
            Map.entry("okio", "OkHttp (upstream client)"),
            Map.entry("org.eclipse.jetty", "Jetty (HTTP server)"),
            Map.entry("io.javalin", "Javalin"),
            Map.entry("jdk.internal.net.http", "JDK HttpClient"),
            Map.entry("ch.qos.logback", "logging"),
            Map.entry("org.slf4j", "logging"),
            Map.entry("xyz.pura", "Pura code"),
            Map.entry("java.util.regex", "regex"),
            Map.entry("sun.nio", "NIO/sockets"),
            Map.entry("java.", "JDK"),
            Map.entry("jdk.", "JDK"),
            Map.entry("sun.", "JDK"));

    static String area(RecordedStackTrace st) {
        for (RecordedFrame f : st.getFrames()) {
            if (!f.isJavaFrame()) {
                continue;
            }
            String t = f.getMethod().getType().getName();
            if (t.startsWith("java.") || t.startsWith("jdk.internal.misc") || t.startsWith("sun.") || t.startsWith("jdk.internal.util")) {
                continue; // attribute JDK leaf work to the library that called it
            }
            for (var a : AREAS) {
                if (t.startsWith(a.getKey())) {
                    return a.getValue();
                }
            }
            return "other: " + t.substring(0, Math.max(0, t.lastIndexOf('.')));
        }
        return "JDK";
    }

    static String name(RecordedFrame f) {
        return f.getMethod().getType().getName() + "." + f.getMethod().getName();
    }

    static String summarize(Path jfr, int top) throws IOException {
        Map<String, Long> self = new HashMap<>();
        Map<String, Long> incl = new HashMap<>();
        Map<String, Long> areas = new HashMap<>();
        Map<String, Long> alloc = new HashMap<>();
        Map<String, Long> threads = new HashMap<>();
        long samples = 0;
        long allocTotal = 0;
        long durablePark = 0;
        long parks = 0;
        for (RecordedEvent e : RecordingFile.readAllEvents(jfr)) {
            String type = e.getEventType().getName();
            if (type.equals("jdk.ExecutionSample")) {
                RecordedStackTrace st = e.getStackTrace();
                if (st == null || st.getFrames().isEmpty()) {
                    continue;
                }
                samples++;
                self.merge(name(st.getFrames().get(0)), 1L, Long::sum);
                Set<String> seen = new HashSet<>();
                for (RecordedFrame f : st.getFrames()) {
                    if (f.isJavaFrame() && seen.add(name(f))) {
                        incl.merge(name(f), 1L, Long::sum);
                    }
                }
                areas.merge(area(st), 1L, Long::sum);
                var th = e.getThread("sampledThread");
                String tn = th == null ? "?" : th.getJavaName() == null ? "?" : th.getJavaName().replaceAll("[0-9]+", "N");
                threads.merge(tn, 1L, Long::sum);
            } else if (type.equals("jdk.ObjectAllocationSample")) {
                long w = e.getLong("weight");
                allocTotal += w;
                alloc.merge(e.getClass("objectClass").getName(), w, Long::sum);
            } else if (type.equals("jdk.ThreadPark")) {
                parks++;
                RecordedStackTrace st = e.getStackTrace();
                if (st != null && st.getFrames().stream().anyMatch(f -> f.getMethod().getName().equals("publishDurably"))) {
                    durablePark++;
                }
            }
        }
        StringBuilder sb = new StringBuilder();
        sb.append("CPU samples: ").append(samples).append("\n\n");
        sb.append("| area (first non-JDK frame from the top) | share of CPU samples |\n|---|---:|\n");
        appendTop(sb, areas, samples, 14);
        sb.append("\n| thread (digits folded) | share of CPU samples |\n|---|---:|\n");
        appendTop(sb, threads, samples, 12);
        sb.append("\n| hottest methods, self (top frame) | share |\n|---|---:|\n");
        appendTop(sb, self, samples, top);
        sb.append("\n| hottest methods, inclusive (on the stack), Pura and library entry points | share |\n|---|---:|\n");
        Map<String, Long> inclFiltered = incl.entrySet().stream()
                .filter(en -> en.getKey().startsWith("xyz.pura") || en.getKey().startsWith("com.knuddels")
                        || en.getKey().startsWith("org.apache.kafka.clients.producer.KafkaProducer")
                        || en.getKey().startsWith("com.fasterxml.jackson.databind.ObjectMapper")
                        || en.getKey().startsWith("okhttp3.internal.connection.RealCall"))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        appendTop(sb, inclFiltered, samples, top);
        sb.append("\n| allocation by class (sampled weight) | share |\n|---|---:|\n");
        appendTop(sb, alloc, allocTotal, 12);
        sb.append("\nAllocation sampled in total: ").append(allocTotal / (1024 * 1024)).append(" MiB over the recording.\n");
        sb.append("jdk.ThreadPark events (>= threshold): ").append(parks).append(", of which under publishDurably: ")
                .append(durablePark).append("\n");
        return sb.toString();
    }

    private static void appendTop(StringBuilder sb, Map<String, Long> m, long total, int n) {
        LinkedHashMap<String, Long> sorted = m.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(n)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, LinkedHashMap::new));
        sorted.forEach((k, v) -> sb.append("| `").append(k).append("` | ")
                .append(String.format("%.1f %%", total == 0 ? 0 : 100.0 * v / total)).append(" |\n"));
    }

    public static void main(String[] args) throws IOException {
        System.out.println(summarize(Path.of(args[0]), 25));
    }
}
