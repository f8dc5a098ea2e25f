package xyz.pura.events.embeddings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import xyz.pura.events.chat.ChatRequestParser;
import xyz.pura.events.chat.InvalidRequestException;

/**
 * Parses and validates an OpenAI embeddings body as OpenAI does: {@code model} (required; {@code "auto"} lets the
 * gateway choose), {@code input} (a non-empty string, an array of 1 to {@value #MAX_INPUTS} non-empty strings, an
 * array of token ids, or an array of such arrays), {@code dimensions} (a positive integer), {@code encoding_format}
 * ({@code float} or {@code base64}) and {@code user}. Anything else, or any of these malformed, is a 400 naming the
 * field, before anything is reserved or sent.
 */
public final class EmbeddingRequestParser {
    /** The most inputs one request may carry (OpenAI's limit). */
    public static final int MAX_INPUTS = 2048;
    private static final Set<String> FIELDS = Set.of("model", "input", "dimensions", "encoding_format", "user");
    private static final Pattern MODEL_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/@+-]*");
    private static final int MAX_USER_LENGTH = 256;

    private EmbeddingRequestParser() {
    }

    public static EmbeddingRequest parse(byte[] body) {
        if (body == null || body.length == 0) {
            throw new InvalidRequestException("The request body is empty; send a JSON object with \"model\" and \"input\".", null);
        }
        return parse(ChatRequestParser.readObject(body));
    }

    public static EmbeddingRequest parse(ObjectNode root) {
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!FIELDS.contains(field)) {
                throw new InvalidRequestException("Unrecognized request argument supplied: " + field, field, "unknown_parameter");
            }
        }
        String model = model(root.get("model"));
        List<EmbeddingInput> inputs = inputs(root.get("input"));
        Integer dimensions = dimensions(root.get("dimensions"));
        boolean base64 = base64(root.get("encoding_format"));
        String user = user(root.get("user"));
        return new EmbeddingRequest(model, inputs, dimensions, base64, user);
    }

    private static String model(JsonNode node) {
        if (node == null || node.isNull()) {
            throw new InvalidRequestException("Missing required parameter: 'model'.", "model", "missing_required_parameter");
        }
        if (!node.isTextual() || node.asText().isBlank()) {
            throw new InvalidRequestException("'model' must be a model name (or \"auto\").", "model", "invalid_type");
        }
        String model = node.asText();
        if (model.equals("auto")) {
            return null;
        }
        if (model.length() > ChatRequestParser.MAX_MODEL_LENGTH || !MODEL_NAME.matcher(model).matches()) {
            throw new InvalidRequestException("'model' must be a model name of at most " + ChatRequestParser.MAX_MODEL_LENGTH
                    + " characters: letters, digits and . _ - : / @ + only.", "model", "invalid_value");
        }
        return model;
    }

    private static List<EmbeddingInput> inputs(JsonNode node) {
        if (node == null || node.isNull()) {
            throw new InvalidRequestException("Missing required parameter: 'input'.", "input", "missing_required_parameter");
        }
        if (node.isTextual()) {
            return List.of(EmbeddingInput.text(text(node)));
        }
        if (!node.isArray()) {
            throw invalidInput("'input' must be a string, an array of strings, an array of token ids or an array of "
                    + "arrays of token ids.");
        }
        if (node.isEmpty()) {
            throw invalidInput("'input' must not be an empty array.");
        }
        if (node.size() > MAX_INPUTS) {
            throw invalidInput("'input' may hold at most " + MAX_INPUTS + " items; it holds " + node.size() + ".");
        }
        JsonNode first = node.get(0);
        if (first.isIntegralNumber()) {
            return List.of(EmbeddingInput.tokens(tokens(node)));
        }
        List<EmbeddingInput> inputs = new ArrayList<>(node.size());
        boolean texts = first.isTextual();
        for (JsonNode item : node) {
            if (texts && item.isTextual()) {
                inputs.add(EmbeddingInput.text(text(item)));
            } else if (!texts && item.isArray()) {
                inputs.add(EmbeddingInput.tokens(tokens(item)));
            } else {
                throw invalidInput("Every item of 'input' must be of one kind: all strings, or all arrays of token ids.");
            }
        }
        return inputs;
    }

    private static String text(JsonNode node) {
        if (node.asText().isEmpty()) {
            throw invalidInput("'input' cannot be an empty string.");
        }
        return node.asText();
    }

    private static int[] tokens(JsonNode array) {
        if (array.isEmpty()) {
            throw invalidInput("A token array in 'input' must not be empty.");
        }
        int[] tokens = new int[array.size()];
        for (int i = 0; i < tokens.length; i++) {
            JsonNode t = array.get(i);
            if (!t.isIntegralNumber() || !t.canConvertToInt() || t.intValue() < 0) {
                throw invalidInput("A token id in 'input' must be a non-negative integer.");
            }
            tokens[i] = t.intValue();
        }
        return tokens;
    }

    private static InvalidRequestException invalidInput(String message) {
        return new InvalidRequestException(message, "input", "invalid_value");
    }

    private static Integer dimensions(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt() || node.intValue() < 1) {
            throw new InvalidRequestException("'dimensions' must be a positive integer.", "dimensions", "invalid_value");
        }
        return node.intValue();
    }

    private static boolean base64(JsonNode node) {
        if (node == null || node.isNull()) {
            return false;
        }
        String format = node.isTextual() ? node.asText() : "";
        return switch (format) {
            case "float" -> false;
            case "base64" -> true;
            default -> throw new InvalidRequestException("'encoding_format' must be \"float\" or \"base64\".",
                    "encoding_format", "invalid_value");
        };
    }

    private static String user(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual() || node.asText().length() > MAX_USER_LENGTH) {
            throw new InvalidRequestException("'user' must be a string of at most " + MAX_USER_LENGTH + " characters.",
                    "user", "invalid_value");
        }
        return node.asText();
    }
}
