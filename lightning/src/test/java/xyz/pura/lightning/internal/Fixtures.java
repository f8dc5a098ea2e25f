package xyz.pura.lightning.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import mockwebserver3.MockResponse;

/** Recorded response shapes under src/test/resources/fixtures/. */
final class Fixtures {
    private Fixtures() {
    }

    static String read(String path) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/" + path)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static MockResponse json(int code, String path) {
        return new MockResponse.Builder().code(code).setHeader("Content-Type", "application/json").body(read(path)).build();
    }
}
