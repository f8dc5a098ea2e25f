package xyz.pura.ingress;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LabelsTest {
    @Test
    void shouldAcceptPrintableTextInAnyScript() {
        for (String ok : new String[] {"", "prod", "équipe données", "日本語のキー", "emoji \uD83D\uDE80 ok", "a-b_c.d"}) {
            assertThat(Labels.printable(ok)).as(ok).isTrue();
            assertThat(Labels.shown(ok)).isSameAs(ok);
        }
    }

    @Test
    void shouldRefuseAndReplaceControlCharactersAndUnpairedSurrogates() {
        assertThat(Labels.printable("\uD800")).isFalse();
        assertThat(Labels.printable("x\uDC00")).isFalse();
        assertThat(Labels.printable("\u0000\u001b[31m\r\nX-Injected: 1")).isFalse();
        assertThat(Labels.printable("tab\there")).isFalse();
        assertThat(Labels.shown("\uD800")).isEqualTo("\uFFFD");
        assertThat(Labels.shown("a\uD800b\uD83D\uDE80\uDC00")).isEqualTo("a\uFFFDb\uD83D\uDE80\uFFFD");
        assertThat(Labels.shown("\u0000\u001b[31m\r\nX")).isEqualTo("\uFFFD\uFFFD[31m\uFFFD\uFFFDX");
        assertThat(Labels.shown(null)).isNull();
    }
}
