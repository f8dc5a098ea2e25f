package xyz.pura.providers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ProviderKeysTest {
    @Test
    void shouldAcceptRealKeyShapesAndRefuseWhatCannotBeAHeader() {
        assertThat(ProviderKeys.wellFormed("sk-proj-" + "a".repeat(160))).isTrue();
        assertThat(ProviderKeys.wellFormed("sk-ant-api03-abc_DEF-123")).isTrue();
        assertThat(ProviderKeys.wellFormed("AIzaSyA-abcdefghijklmnop")).isTrue();
        assertThat(ProviderKeys.wellFormed("sk-\u00e9")).isFalse();
        assertThat(ProviderKeys.wellFormed("sk-a b")).isFalse();
        assertThat(ProviderKeys.wellFormed("sk-a\r\nX-Injected: 1")).isFalse();
        assertThat(ProviderKeys.wellFormed("x".repeat(ProviderKeys.MAX_LENGTH + 1))).isFalse();
    }

    @Test
    void shouldRefuseAnUpstreamRequestWithAMalformedKeyWithoutQuotingIt() {
        String secret = "sk-secret-\u00e9-value";
        assertThatThrownBy(() -> new UpstreamRequest(null, "gpt-4o", secret, "req_1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("secret-");
    }
}
