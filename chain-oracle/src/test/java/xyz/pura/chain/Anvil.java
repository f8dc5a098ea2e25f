package xyz.pura.chain;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import xyz.pura.events.Json;

/**
 * A real local EVM: {@code node_modules/.bin/anvil} (npm {@code @foundry-rs/anvil}) on 127.0.0.1, chain id
 * 84532 unless told otherwise. The npm binary is a node wrapper around the native anvil: {@link #kill()}
 * ends both, as a crash would.
 */
public final class Anvil implements AutoCloseable {
    /** Anvil's first default account, funded on every fresh chain. */
    public static final String DEPLOYER_KEY = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";

    private final int port;
    private final long chainId;
    private final HttpClient http = HttpClient.newHttpClient();
    private Process process;

    private Anvil(int port, long chainId) {
        this.port = port;
        this.chainId = chainId;
    }

    /** Starts anvil on a free port and waits until it answers {@code eth_chainId}. */
    public static Anvil start(long chainId) {
        Anvil anvil = new Anvil(freePort(), chainId);
        anvil.restart();
        return anvil;
    }

    /** Starts a fresh chain on the same port (after {@link #kill()}). */
    void restart() {
        Path root = RepoRoot.find();
        Path bin = root.resolve("node_modules/.bin/anvil");
        if (!Files.isExecutable(bin)) {
            throw new IllegalStateException("anvil not found at " + bin + ": run 'npm ci' in " + root
                    + " (it installs @foundry-rs/anvil from package.json)");
        }
        try {
            Path log = Path.of("target", "anvil-" + port + ".log");
            Files.createDirectories(log.getParent());
            process = new ProcessBuilder(bin.toString(), "--host", "127.0.0.1", "--port", Integer.toString(port),
                    "--chain-id", Long.toString(chainId)).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).directory(new File(root.toString()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + bin, e);
        }
        await("anvil on port " + port).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .ignoreExceptions().until(() -> rpc("eth_chainId").asText().startsWith("0x"));
    }

    /** Ends anvil abruptly (native process and node wrapper) and waits until the port is free. */
    void kill() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        await("anvil to exit").atMost(Duration.ofSeconds(10)).until(() -> !process.isAlive()
                && process.descendants().noneMatch(ProcessHandle::isAlive));
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** A JSON-RPC call; returns {@code result}, throws on an error reply. */
    JsonNode rpc(String method, Object... params) throws IOException, InterruptedException {
        byte[] body = Json.bytes(java.util.Map.of("jsonrpc", "2.0", "id", 1, "method", method, "params", params));
        HttpResponse<byte[]> reply = http.send(HttpRequest.newBuilder(URI.create(url()))
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(5))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
        JsonNode json = Json.mapper().readTree(reply.body());
        if (json.has("error")) {
            throw new IOException(method + " failed: " + json.get("error"));
        }
        return json.get("result");
    }

    long blockNumber() throws IOException, InterruptedException {
        return Long.decode(rpc("eth_blockNumber").asText());
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            kill();
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
