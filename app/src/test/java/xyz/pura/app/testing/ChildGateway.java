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
            ChildGateway child = new ChildGateway(p, ready.get(90, TimeUnit.SECONDS));
            child.output.append(out);
            return child;
        } catch (Exception e) {
            p.destroyForcibly();
            throw new IllegalStateException("the gateway did not start: " + e.getMessage() + "\n" + out, e);
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
