package xyz.pura.ingress.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RedactionTest {
    @Test
    void shouldTakeTheRequestsSecretsAndKeyShapedWordsOutOfALoggedException() {
        String byok = "my-own-key-\u00e9-123456";
        IllegalArgumentException thrown = new IllegalArgumentException("Unexpected char 0xe9 at 11 in x-api-key value: " + byok,
                new IllegalStateException("Authorization: Bearer pura_0123456789abcdef0123456789abcdef0123456789abcdef sk-proj-abcdefgh"));

        Throwable logged = Redaction.of(thrown, List.of(byok));

        assertThat(logged.toString()).startsWith("java.lang.IllegalArgumentException: ").doesNotContain(byok);
        assertThat(logged.getCause().toString()).startsWith("java.lang.IllegalStateException: ")
                .doesNotContain("pura_0123").doesNotContain("sk-proj").contains("[redacted]");
        assertThat(logged.getStackTrace()).isEqualTo(thrown.getStackTrace());
    }

    @Test
    void shouldLeaveOrdinaryMessagesAlone() {
        assertThat(Redaction.scrub("connection refused to 127.0.0.1:9092", List.of())).isEqualTo("connection refused to 127.0.0.1:9092");
        assertThat(Redaction.scrub(null, List.of())).isNull();
    }
}
