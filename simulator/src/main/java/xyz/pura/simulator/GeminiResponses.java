package xyz.pura.simulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The GenerateContentResponses of one simulated answer, whole or as the stream of them. A thinking model signs its
 * function call with a {@code thoughtSignature} beside the {@code functionCall}, as Gemini does (deterministic here,
 * so that a test can send it back). A {@code finish} fault ends the answer with that finishReason instead: the
 * blocking reasons after half of the text (the rest withheld, no content on the last response),
 * {@code MALFORMED_FUNCTION_CALL} with no content at all and a {@code finishMessage}, as Gemini reports one.
 */
final class GeminiResponses {
    private final ObjectMapper json;
    private final String model;
    private final String responseId;
    private final boolean signs;
    private final String finishFault;

    /**
     * @param signs whether the model thinks, and so signs its function calls
     * @param finishFault the finishReason a fault imposes, or null
     */
    GeminiResponses(ObjectMapper json, String model, String responseId, boolean signs, String finishFault) {
        this.json = json;
        this.model = model;
        this.responseId = responseId;
        this.signs = signs;
        this.finishFault = finishFault;
    }

    /** The signature the simulated model gives a call of {@code name}: base64 bytes, as Gemini's are. */
    static String signatureFor(String name) {
        return Base64.getEncoder().encodeToString(("sim-thought:" + name).getBytes(StandardCharsets.UTF_8));
    }

    /** The streamed responses: one per text piece (the function call whole in one), the last with finishReason. */
    List<ObjectNode> stream(SimAnswer answer, SimUsage usage) {
        List<ObjectNode> out = new ArrayList<>();
        if (finishFault != null) {
            for (String piece : keptPieces(answer)) {
                ObjectNode r = response();
                parts(r).addObject().put("text", piece);
                r.set("usageMetadata", usageJson(usage, false));
                out.add(r);
            }
            out.add(faultEnding(usage));
            return out;
        }
        if (answer.toolCall() != null) {
            ObjectNode r = response();
            parts(r).add(functionCallPart(answer.toolCall()));
            out.add(r);
        } else {
            for (String piece : answer.pieces()) {
                ObjectNode r = response();
                parts(r).addObject().put("text", piece);
                r.set("usageMetadata", usageJson(usage, false));
                out.add(r);
            }
        }
        if (out.isEmpty()) {
            ObjectNode r = response();
            parts(r).addObject().put("text", "");
            out.add(r);
        }
        ObjectNode last = out.get(out.size() - 1);
        candidate(last).put("finishReason", answer.finish().equals("length") ? "MAX_TOKENS" : "STOP");
        last.set("usageMetadata", usageJson(usage, true));
        return out;
    }

    ObjectNode whole(SimAnswer answer, SimUsage usage) {
        if (finishFault != null) {
            ObjectNode r = faultEnding(usage);
            String kept = String.join("", keptPieces(answer));
            if (!kept.isEmpty()) {
                ObjectNode content = candidate(r).putObject("content").put("role", "model");
                content.putArray("parts").addObject().put("text", kept);
            }
            return r;
        }
        ObjectNode r = response();
        if (answer.toolCall() != null) {
            parts(r).add(functionCallPart(answer.toolCall()));
        } else {
            parts(r).addObject().put("text", answer.text());
        }
        candidate(r).put("finishReason", answer.finish().equals("length") ? "MAX_TOKENS" : "STOP");
        r.set("usageMetadata", usageJson(usage, true));
        return r;
    }

    /** The text a blocked answer showed before it was cut: half of it; none for a malformed call. */
    private List<String> keptPieces(SimAnswer answer) {
        if (finishFault.equals("MALFORMED_FUNCTION_CALL")) {
            return List.of();
        }
        return answer.pieces().subList(0, answer.pieces().size() / 2);
    }

    /** The last response of an answer a fault ended: no content, the fault's finishReason. */
    private ObjectNode faultEnding(SimUsage usage) {
        ObjectNode r = response();
        ObjectNode candidate = candidate(r);
        candidate.remove("content");
        candidate.put("finishReason", finishFault);
        if (finishFault.equals("MALFORMED_FUNCTION_CALL")) {
            candidate.put("finishMessage", "Malformed function call: print(default_api.get_weather(city=)");
        }
        r.set("usageMetadata", usageJson(usage, true));
        return r;
    }

    private ObjectNode response() {
        ObjectNode r = json.createObjectNode();
        ObjectNode candidate = r.putArray("candidates").addObject();
        candidate.putObject("content").put("role", "model").putArray("parts");
        candidate.put("index", 0);
        r.put("modelVersion", model).put("responseId", responseId);
        return r;
    }

    private static ObjectNode candidate(ObjectNode response) {
        return (ObjectNode) response.withArray("candidates").get(0);
    }

    private static ArrayNode parts(ObjectNode response) {
        return (ArrayNode) candidate(response).path("content").path("parts");
    }

    private ObjectNode functionCallPart(SimAnswer.ToolCall call) {
        ObjectNode part = json.createObjectNode();
        try {
            part.putObject("functionCall").put("name", call.name()).set("args", json.readTree(call.arguments()));
        } catch (IOException e) {
            throw new IllegalStateException("generator produced invalid arguments", e);
        }
        if (signs) {
            part.put("thoughtSignature", signatureFor(call.name()));
        }
        return part;
    }

    /** @param whole whether the answer's counts are known (the last streamed response, or a whole answer) */
    private ObjectNode usageJson(SimUsage usage, boolean whole) {
        ObjectNode u = json.createObjectNode().put("promptTokenCount", usage.promptTokens());
        if (usage.cacheReadTokens() > 0) {
            u.put("cachedContentTokenCount", usage.cacheReadTokens());
        }
        if (whole) {
            u.put("candidatesTokenCount", usage.visibleOutputTokens());
        }
        int total = usage.promptTokens();
        if (whole) {
            total += usage.outputTokens();
        }
        u.put("totalTokenCount", total);
        u.putArray("promptTokensDetails").addObject().put("modality", "TEXT").put("tokenCount", usage.promptTokens());
        if (usage.cacheReadTokens() > 0) {
            u.putArray("cacheTokensDetails").addObject().put("modality", "TEXT").put("tokenCount", usage.cacheReadTokens());
        }
        if (whole && usage.reasoningTokens() > 0) {
            u.put("thoughtsTokenCount", usage.reasoningTokens());
        }
        return u;
    }
}
