package xyz.pura.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * CPU time (user + system) of a process from /proc, in total and by what its threads do, told apart by their Linux
 * names (15 characters): for the gateway's JVM the embedded broker, the ledger's stream threads, Kafka's client
 * threads, the JIT, the collector, and the rest (the ingress: HTTP selectors and the carriers of its virtual threads).
 * A thread that ended between two samples takes its time with it, so the parts of a difference may sum to a little
 * less than the process's total; the total is exact.
 */
final class ProcessCpu {
    static final String BROKER = "broker";
    static final String LEDGER = "ledger";
    static final String CLIENTS = "kafka clients";
    static final String JIT = "JIT";
    static final String GC = "GC";
    static final String REST = "ingress and the rest";

    private static final Pattern GC_THREAD = Pattern.compile("^(GC Thread|G1 |Z[A-Z]|VM Periodic|VM Thread).*");
    private static final Pattern JIT_THREAD = Pattern.compile("^C[12] Compiler.*");
    private static final Pattern LEDGER_THREAD = Pattern.compile("^pura-ledger.*");
    private static final Pattern CLIENT_THREAD = Pattern.compile("^kafka-(producer|coordinat|admin).*");
    private static final Pattern BROKER_THREAD = Pattern.compile("^(data-plane|kafka-|raft|quorum|broker-|controller|"
            + "ExpirationReap|group-coordin|transaction|ReplicaFetch|LogDirFail|share-|executor-|metadata|"
            + "TxnMarker|AlterPartition|ForwardingMan|NodeToControl|feature-|kafka-log|delete-|RLMM|"
            + "LogCleaner|ProducerExpir|event-process|KafkaEventQue).*");

    private ProcessCpu() {
    }

    /** One sample: the process's total seconds and the seconds of each part. */
    record Sample(double total, Map<String, Double> parts) {
        Sample minus(Sample before) {
            Map<String, Double> p = new LinkedHashMap<>();
            parts.forEach((k, v) -> p.put(k, v - before.parts.getOrDefault(k, 0.0)));
            return new Sample(total - before.total, p);
        }
    }

    static Sample of(long pid) {
        Map<String, Double> parts = new LinkedHashMap<>();
        for (String k : new String[] {REST, BROKER, LEDGER, CLIENTS, JIT, GC}) {
            parts.put(k, 0.0);
        }
        double total;
        try {
            total = Gateway.cpuSeconds(Files.readString(Path.of("/proc/" + pid + "/stat")));
        } catch (Exception e) {
            return new Sample(Double.NaN, parts);
        }
        try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    parts.merge(part(name), Gateway.cpuSeconds(stat), Double::sum);
                } catch (java.io.IOException threadEnded) {
                    // ended between the listing and the read
                }
            }
        } catch (Exception e) {
            // no breakdown; the total stands
        }
        return new Sample(total, parts);
    }

    static String part(String threadName) {
        if (GC_THREAD.matcher(threadName).matches()) {
            return GC;
        }
        if (JIT_THREAD.matcher(threadName).matches()) {
            return JIT;
        }
        if (LEDGER_THREAD.matcher(threadName).matches()) {
            return LEDGER;
        }
        if (CLIENT_THREAD.matcher(threadName).matches()) {
            return CLIENTS;
        }
        if (BROKER_THREAD.matcher(threadName).matches()) {
            return BROKER;
        }
        return REST;
    }
}
