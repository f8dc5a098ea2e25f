package xyz.pura.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The load generator's response parser on its own, fed byte strings directly. */
class HttpResponseParserTest {

    @Test
    void shouldParseAChunkedStreamFedOneByteAtATimeAndSeeItsDone() {
        HttpResponseParser p = new HttpResponseParser(true);
        p.reset();
        String response = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "9;ext=1\r\ndata: [DO\r\n5\r\nNE]\n\n\r\n0\r\nX-Trailer: t\r\n\r\n";
        int body = 0;
        for (byte x : response.getBytes(StandardCharsets.US_ASCII)) {
            assertThat(p.done()).isFalse();
            assertThat(p.parse(ByteBuffer.wrap(new byte[] {x}), 1)).isEqualTo(1);
            body += p.bodyBytes();
        }

        assertThat(p.done()).isTrue();
        assertThat(p.status()).isEqualTo(200);
        assertThat(p.keepAlive()).isTrue();
        assertThat(p.sawDone()).isTrue();
        assertThat(body).isEqualTo(14);
    }

    @Test
    void shouldStopAtTheEndOfAContentLengthBodyAndSkipAnInterimAnswer() {
        HttpResponseParser p = new HttpResponseParser(false);
        p.reset();
        byte[] b = ("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.0 503 Busy\r\ncontent-LENGTH: 5\r\n\r\nhelloEXTRA")
                .getBytes(StandardCharsets.US_ASCII);

        int stop = p.parse(ByteBuffer.wrap(b), b.length);

        assertThat(p.done()).isTrue();
        assertThat(stop).isEqualTo(b.length - "EXTRA".length());
        assertThat(p.status()).isEqualTo(503);
        assertThat(p.keepAlive()).as("HTTP/1.0").isFalse();
        assertThat(p.bodyBytes()).isEqualTo(5);
        assertThat(p.sawDone()).as("not a stream: [DONE] is not looked for").isFalse();
    }

    @Test
    void shouldReadABodyToTheEndOfTheConnectionWhenItHasNoLength() {
        HttpResponseParser p = new HttpResponseParser(false);
        p.reset();
        byte[] b = "HTTP/1.1 200 OK\r\n\r\npartial".getBytes(StandardCharsets.US_ASCII);

        assertThat(p.parse(ByteBuffer.wrap(b), b.length)).isEqualTo(b.length);
        assertThat(p.done()).isFalse();
        assertThat(p.endAtEof()).isTrue();
        assertThat(p.done()).isTrue();
        assertThat(p.keepAlive()).isFalse();
    }

    @Test
    void shouldRejectAMalformedStatusLineAndTellNothingYetFromAPartialOne() {
        HttpResponseParser p = new HttpResponseParser(false);
        p.reset();
        assertThat(p.nothingYet()).isTrue();
        byte[] b = "HTTP/1.1 20 OK\r\n".getBytes(StandardCharsets.US_ASCII);

        assertThat(p.parse(ByteBuffer.wrap(b), 4)).isEqualTo(4);
        assertThat(p.nothingYet()).isFalse();
        assertThat(p.parse(ByteBuffer.wrap(b, 4, b.length - 4).slice(), b.length - 4)).isEqualTo(-1);
        assertThat(p.problem()).isEqualTo("bad response: status line");
        assertThat(p.endAtEof()).isFalse();
    }
}
