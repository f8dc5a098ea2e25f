package xyz.pura.providers.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import xyz.pura.events.Json;
import xyz.pura.events.chat.ChatMessage;
import xyz.pura.events.chat.ChatRequest;
import xyz.pura.events.chat.InvalidRequestException;
import xyz.pura.providers.internal.MergedTurns;
import xyz.pura.providers.internal.ChatParts;

/**
 * OpenAI chat request to Gemini GenerateContentRequest. What cannot be translated is refused with
 * {@link InvalidRequestException} before anything is sent.
 *
 * <ul>
 *   <li>system and developer messages join into {@code systemInstruction}; user turns have role "user",
 *       assistant turns role "model"; consecutive turns of one role merge (Gemini wants them alternating);</li>
 *   <li>assistant tool_calls become {@code functionCall} parts, each with the {@code thoughtSignature} it came with
 *       ({@link GeminiThoughtSignatures}); tool results become {@code functionResponse}
 *       parts named after the matching earlier tool call, their content parsed as JSON and wrapped as
 *       {@code {"result": ...}} when it is not an object;</li>
 *   <li>tools become {@code functionDeclarations} with their schema reduced to what Gemini accepts ({@link GeminiSchemas});</li>
 *   <li>tool_choice auto/none/required/{function} becomes mode AUTO/NONE/ANY/ANY + allowedFunctionNames;</li>
 *   <li>temperature, top_p, max tokens, stop, n, seed and the penalties go to {@code generationConfig};
 *       response_format json_object/json_schema sets {@code responseMimeType: application/json}
 *       (+ {@code responseSchema}); reasoning_effort becomes {@code thinkingConfig} ({@link GeminiThinking});</li>
 *   <li>images, audio and files: {@link GeminiParts};</li>
 *   <li>{@code user}, logit_bias and logprobs have no Gemini equivalent and are dropped.</li>
 * </ul>
 */
final class GeminiRequestMapper {
    private GeminiRequestMapper() {
    }

    /** @param model the Gemini model the request goes to (its thinking control depends on it) */
    static ObjectNode map(ChatRequest chat, String model) {
        ObjectNode in = chat.body();
        ObjectNode out = Json.mapper().createObjectNode();
        List<String> system = new ArrayList<>();
        MergedTurns contents = new MergedTurns("parts");
        Map<String, String> nameByCallId = new HashMap<>();
        String lastLegacyName = null;
        List<ChatMessage> messages = chat.messages();
        for (int i = 0; i < messages.size(); i++) {
            ChatMessage m = messages.get(i);
            String param = "messages[" + i + "]";
            switch (m.role()) {
                case "system", "developer" -> {
                    if (!m.text().isBlank()) {
                        system.add(m.text());
                    }
                }
                case "user" -> contents.add("user", GeminiParts.of(m.content(), param));
                case "assistant" -> {
                    List<ObjectNode> parts = GeminiParts.of(m.content(), param);
                    JsonNode calls = m.raw().path("tool_calls");
                    for (int c = 0; c < calls.size(); c++) {
                        JsonNode call = calls.get(c);
                        String callParam = param + ".tool_calls[" + c + "]";
                        String name = call.path("function").path("name").asText("");
                        if (name.isEmpty()) {
                            throw new InvalidRequestException("'" + callParam + "' needs a function name.", callParam);
                        }
                        if (call.path("id").isTextual()) {
                            nameByCallId.put(call.path("id").asText(), name);
                        }
                        ObjectNode part = functionCall(name, ChatParts.arguments(call.path("function").get("arguments"),
                                callParam + ".function.arguments"));
                        String signature = GeminiThoughtSignatures.of(call);
                        if (signature != null) {
                            part.put("thoughtSignature", signature);
                        }
                        parts.add(part);
                    }
                    JsonNode legacy = m.raw().get("function_call");
                    if (legacy != null && legacy.path("name").isTextual()) {
                        lastLegacyName = legacy.path("name").asText();
                        parts.add(functionCall(lastLegacyName, ChatParts.arguments(legacy.get("arguments"), param + ".function_call.arguments")));
                    }
                    contents.add("model", parts);
                }
                case "tool" -> {
                    String name = nameByCallId.get(m.raw().path("tool_call_id").asText());
                    if (name == null && m.raw().path("name").isTextual()) {
                        name = m.raw().path("name").asText();
                    }
                    if (name == null) {
                        throw new InvalidRequestException("'" + param + ".tool_call_id' matches no tool call of an earlier assistant message.",
                                param + ".tool_call_id");
                    }
                    contents.add("user", List.of(functionResponse(name, m)));
                }
                case "function" -> {
                    String name = m.raw().path("name").asText(lastLegacyName == null ? "" : lastLegacyName);
                    contents.add("user", List.of(functionResponse(name, m)));
                }
                default -> throw new InvalidRequestException("Unsupported role '" + m.role() + "'.", param + ".role");
            }
        }
        if (contents.isEmpty()) {
            throw new InvalidRequestException("Gemini needs at least one user or assistant message with content.", "messages");
        }
        out.set("contents", contents.toJson());
        if (!system.isEmpty()) {
            out.putObject("systemInstruction").putArray("parts").addObject().put("text", String.join("\n\n", system));
        }
        tools(in, out);
        ObjectNode generation = generationConfig(chat, in);
        ObjectNode thinking = GeminiThinking.config(in.get("reasoning_effort"), model);
        if (thinking != null) {
            generation.set("thinkingConfig", thinking);
        }
        if (!generation.isEmpty()) {
            out.set("generationConfig", generation);
        }
        return out;
    }

    private static ObjectNode generationConfig(ChatRequest chat, ObjectNode in) {
        ObjectNode g = Json.mapper().createObjectNode();
        copyNumber(in, "temperature", g, "temperature");
        copyNumber(in, "top_p", g, "topP");
        copyNumber(in, "presence_penalty", g, "presencePenalty");
        copyNumber(in, "frequency_penalty", g, "frequencyPenalty");
        if (in.path("seed").canConvertToInt()) {
            g.put("seed", in.path("seed").intValue());
        }
        if (chat.maxTokens() != null) {
            g.put("maxOutputTokens", chat.maxTokens());
        }
        List<String> stop = ChatParts.stop(in.get("stop"));
        if (stop != null) {
            ArrayNode seqs = g.putArray("stopSequences");
            stop.forEach(seqs::add);
        }
        if (in.path("n").canConvertToInt() && in.path("n").intValue() > 1) {
            g.put("candidateCount", in.path("n").intValue());
        }
        JsonNode format = in.get("response_format");
        String type = format == null ? "" : format.path("type").asText("");
        if (type.equals("json_object") || type.equals("json_schema")) {
            g.put("responseMimeType", "application/json");
            ObjectNode schema = GeminiSchemas.clean(format.path("json_schema").get("schema"));
            if (schema != null && !schema.isEmpty()) {
                g.set("responseSchema", schema);
            }
        }
        return g;
    }

    private static void copyNumber(ObjectNode in, String from, ObjectNode out, String to) {
        JsonNode v = in.get(from);
        if (v != null && v.isNumber()) {
            out.put(to, v.decimalValue());
        }
    }

    private static void tools(ObjectNode in, ObjectNode out) {
        JsonNode tools = in.get("tools");
        if (tools == null || !tools.isArray() || tools.isEmpty()) {
            return;
        }
        ArrayNode declarations = out.putArray("tools").addObject().putArray("functionDeclarations");
        for (int i = 0; i < tools.size(); i++) {
            JsonNode fn = tools.get(i).path("function");
            if (!"function".equals(tools.get(i).path("type").asText("function")) || !fn.path("name").isTextual()) {
                throw new InvalidRequestException("'tools[" + i + "]' must be a function tool with a name.", "tools[" + i + "]");
            }
            ObjectNode d = declarations.addObject().put("name", fn.path("name").asText());
            if (fn.path("description").isTextual()) {
                d.put("description", fn.path("description").asText());
            }
            ObjectNode params = GeminiSchemas.clean(fn.get("parameters"));
            if (params != null && !GeminiSchemas.isEmptyObject(params)) {
                d.set("parameters", params);
            }
        }
        JsonNode choice = in.get("tool_choice");
        if (choice == null || choice.isNull()) {
            return;
        }
        ObjectNode config = out.putObject("toolConfig").putObject("functionCallingConfig");
        if (choice.isTextual()) {
            String mode = switch (choice.asText()) {
                case "auto" -> "AUTO";
                case "none" -> "NONE";
                case "required" -> "ANY";
                default -> throw new InvalidRequestException("Invalid value for 'tool_choice': '" + choice.asText()
                        + "'. Supported values are: 'none', 'auto' and 'required'.", "tool_choice");
            };
            config.put("mode", mode);
        } else if (choice.path("function").path("name").isTextual()) {
            config.put("mode", "ANY").putArray("allowedFunctionNames").add(choice.path("function").path("name").asText());
        } else {
            throw new InvalidRequestException("'tool_choice' must name a function: {\"type\":\"function\",\"function\":{\"name\":...}}.",
                    "tool_choice");
        }
    }

    private static ObjectNode functionCall(String name, ObjectNode args) {
        ObjectNode part = Json.mapper().createObjectNode();
        part.putObject("functionCall").put("name", name).set("args", args);
        return part;
    }

    private static ObjectNode functionResponse(String name, ChatMessage m) {
        ObjectNode part = Json.mapper().createObjectNode();
        ObjectNode fr = part.putObject("functionResponse").put("name", name);
        String text = m.text();
        JsonNode parsed = null;
        try {
            parsed = text.isBlank() ? null : Json.mapper().readTree(text);
        } catch (IOException notJson) {
            // plain text result
        }
        if (parsed != null && parsed.isObject()) {
            fr.set("response", parsed);
        } else {
            ObjectNode wrapped = fr.putObject("response");
            if (parsed != null && !parsed.isMissingNode()) {
                wrapped.set("result", parsed);
            } else {
                wrapped.put("result", text);
            }
        }
        return part;
    }
}
