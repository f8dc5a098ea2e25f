package xyz.pura.app.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The launcher's {@code up} command in a child JVM, as {@code ./pura up} runs it; for tests that restart or kill it. */
public final class ChildGateway implements AutoCloseable {
    private static final Pattern READY = Pattern.compile("Pura gateway ready at (http://\\S+)");

    private final Process process;
    private final String baseUrl;
    private final StringBuffer output = new StringBuffer();

    private ChildGateway(Process process, String baseUrl) {
        this.process = process;
        this.baseUrl = baseUrl;
    }

    public static ChildGateway start(Path dataDir, Map<String, String> env) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(List.of(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                "xyz.pura.app.Main", "up")).redirectErrorStream(true);
        pb.environment().put("PURA_DATA_DIR", dataDir.toString());
        pb.environment().put("PURA_PORT", "0");
        pb.environment().putAll(env);
        Process p = pb.start();
        StringBuffer out = new StringBuffer();
        CompletableFuture<String> ready = new CompletableFuture<>();
        Thread.ofPlatform().daemon().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    out.append(line).append('\n');
                    Matcher m = READY.matcher(line);
                    if (m.find()) {
                        ready.complete(m.group(1));
                    }
                }
            } catch (IOException ignored) {
                // the process ended
            }
            ready.completeExceptionally(new IllegalStateException("the gateway exited before it was ready:\n" + out));
        });
        try {
            String url;
            try {
                url = ready.get(60, TimeUnit.SECONDS);
            } catch (TimeoutException slow) {
                // a restart after kill -9 restores the ledger's corrupted tasks; once in CI that took over
                // 90 s. Keep waiting, but leave the threads at 60 s in the output so a slow start says why
                threadDump(p, out);
                url = ready.get(120, TimeUnit.SECONDS);
                System.err.println("the child gateway took over 60 s to start; its output, with its threads at 60 s:\n" + out);
            }
            ChildGateway child = new ChildGateway(p, url);
            child.output.append(out);
            return child;
        } catch (Exception e) {
            threadDump(p, out);
            p.destroyForcibly();
            throw new IllegalStateException("the gateway did not start: " + e + "\n" + out, e);
        }
    }

    /** SIGQUIT makes the JVM print its threads to the output read above, so a start that hangs says where. */
    private static void threadDump(Process p, StringBuffer out) {
        try {
            int from = out.length();
            new ProcessBuilder("kill", "-QUIT", Long.toString(p.pid())).inheritIO().start().waitFor(5, TimeUnit.SECONDS);
            // the reader thread copies the dump; it ends with the JNI reference count
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5))
                    .until(() -> out.indexOf("JNI global refs", from) >= 0);
        } catch (IOException | InterruptedException | org.awaitility.core.ConditionTimeoutException ignored) {
            // best effort: the failure is reported anyway
        }
    }

    public String baseUrl() {
        return baseUrl;
    }

    /** kill -9. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(Duration.ofSeconds(30).toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
