package xyz.pura.events.embeddings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import xyz.pura.events.chat.InvalidRequestException;

class EmbeddingRequestParserTest {
    private static EmbeddingRequest parse(String json) {
        return EmbeddingRequestParser.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void shouldReadEveryShapeOfInputOpenAiTakes() {
        // given a string, strings, one token array and token arrays
        // when parsed
        EmbeddingRequest one = parse("{\"model\":\"text-embedding-3-small\",\"input\":\"hello\"}");
        EmbeddingRequest many = parse("{\"model\":\"auto\",\"input\":[\"a\",\"b\"],\"dimensions\":64,\"encoding_format\":\"base64\",\"user\":\"u1\"}");
        EmbeddingRequest tokens = parse("{\"model\":\"text-embedding-3-small\",\"input\":[1,2,3]}");
        EmbeddingRequest arrays = parse("{\"model\":\"text-embedding-3-small\",\"input\":[[1,2],[3]]}");

        // then each input keeps its kind and order; "auto" is no model
        assertThat(one.inputs()).singleElement().extracting(EmbeddingInput::text).isEqualTo("hello");
        assertThat(one.base64()).isFalse();
        assertThat(many.model()).isNull();
        assertThat(many.inputs()).extracting(EmbeddingInput::text).containsExactly("a", "b");
        assertThat(many.dimensions()).isEqualTo(64);
        assertThat(many.base64()).isTrue();
        assertThat(many.user()).isEqualTo("u1");
        assertThat(tokens.inputs()).singleElement().satisfies(i -> assertThat(i.tokens()).containsExactly(1, 2, 3));
        assertThat(arrays.inputs()).hasSize(2);
        assertThat(arrays.hasTokenArrays()).isTrue();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"input\":\"x\"}|model",
            "{\"model\":\"text-embedding-3-small\"}|input",
            "{\"model\":\"text-embedding-3-small\",\"input\":\"\"}|input",
            "{\"model\":\"text-embedding-3-small\",\"input\":[]}|input",
            "{\"model\":\"text-embedding-3-small\",\"input\":[\"a\",\"\"]}|input",
            "{\"model\":\"text-embedding-3-small\",\"input\":[\"a\",1]}|input",
            "{\"model\":\"text-embedding-3-small\",\"input\":[{\"text\":\"a\"}]}|input",
            "{\"model\":\"text-embedding-3-small\",\"input\":42}|input",
            "{\"model\":\"text-embedding-3-small\",\"input\":[1,-2]}|input",
            "{\"model\":\"text-embedding-3-small\",\"input\":[1,2.5]}|input",
            "{\"model\":\"text-embedding-3-small\",\"input\":[[1],[]]}|input",
            "{\"model\":\"text-embedding-3-small\",\"input\":\"x\",\"dimensions\":0}|dimensions",
            "{\"model\":\"text-embedding-3-small\",\"input\":\"x\",\"dimensions\":\"64\"}|dimensions",
            "{\"model\":\"text-embedding-3-small\",\"input\":\"x\",\"encoding_format\":\"hex\"}|encoding_format",
            "{\"model\":\"text-embedding-3-small\",\"input\":\"x\",\"user\":7}|user",
            "{\"model\":\"text-embedding-3-small\",\"input\":\"x\",\"temperature\":1}|temperature"})
    void shouldRefuseWhatOpenAiRefusesNamingTheField(String body, String param) {
        assertThatThrownBy(() -> parse(body)).isInstanceOfSatisfying(InvalidRequestException.class,
                e -> assertThat(e.param()).isEqualTo(param));
    }

    @Test
    void shouldRefuseMoreThan2048Inputs() {
        // given 2,049 strings
        String body = "{\"model\":\"text-embedding-3-small\",\"input\":[" + "\"w\",".repeat(2048) + "\"w\"]}";

        // when parsed, then refused naming input; 2,048 are taken
        assertThatThrownBy(() -> parse(body)).isInstanceOfSatisfying(InvalidRequestException.class,
                e -> assertThat(e.param()).isEqualTo("input"));
        assertThat(parse("{\"model\":\"text-embedding-3-small\",\"input\":[" + "\"w\",".repeat(2047) + "\"w\"]}").inputs())
                .hasSize(2048);
    }

    @Test
    void shouldCheckDimensionsAgainstTheModel() {
        EmbeddingModel ada = EmbeddingModels.find("text-embedding-ada-002").orElseThrow();
        EmbeddingModel small = EmbeddingModels.find("text-embedding-3-small").orElseThrow();
        EmbeddingModel gemini = EmbeddingModels.find("gemini-embedding-001").orElseThrow();

        assertThat(ada.dimensionsFor(null)).isEqualTo(1536);
        assertThatThrownBy(() -> ada.dimensionsFor(256)).isInstanceOfSatisfying(InvalidRequestException.class,
                e -> assertThat(e.param()).isEqualTo("dimensions"));
        assertThat(small.dimensionsFor(256)).isEqualTo(256);
        assertThatThrownBy(() -> small.dimensionsFor(1537)).isInstanceOf(InvalidRequestException.class);
        assertThat(gemini.dimensionsFor(null)).isEqualTo(3072);
        assertThatThrownBy(() -> gemini.dimensionsFor(64)).isInstanceOf(InvalidRequestException.class);
    }
}
