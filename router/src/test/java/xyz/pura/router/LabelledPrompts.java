package xyz.pura.router;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import xyz.pura.events.Json;
import xyz.pura.events.Tier;
import xyz.pura.events.chat.ChatRequest;
import xyz.pura.events.chat.ChatRequestParser;

/**
 * Labelled prompts ({@code complexity-labelled.jsonl}, {@code complexity-holdout.jsonl}). To keep the file readable, long texts are
 * placeholders: {@code <<filler:N>>} is N characters of neutral business prose, {@code <<code:N>>} N
 * characters of Java-like code.
 */
record LabelledPrompts(String id, Tier expected, String note, ChatRequest request) {
    static final String FILLER = "The team met on Monday to go over the schedule for the coming weeks. Orders from the "
            + "northern region rose while deliveries to the coast were delayed by weather. The warehouse will add a second "
            + "shift in March, and the new supplier starts shipping in April. Customer feedback on the new packaging was "
            + "mostly positive, although some retailers asked for smaller boxes. ";
    static final String CODE = "public Order load(long id) {\n    Order order = cache.get(id);\n    if (order == null) {\n"
            + "        order = repository.find(id);\n        cache.put(id, order);\n    }\n    for (Line line : order.lines()) {\n"
            + "        total += line.price() * line.quantity();\n    }\n    return order;\n}\n";
    private static final Pattern PLACEHOLDER = Pattern.compile("<<(filler|code):(\\d+)>>");

    static List<LabelledPrompts> load(String resource) throws IOException {
        List<LabelledPrompts> out = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                LabelledPrompts.class.getResourceAsStream(resource), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode item = Json.mapper().readTree(expand(line));
                ChatRequest request = ChatRequestParser.parse((ObjectNode) item.get("request"), false);
                out.add(new LabelledPrompts(item.get("id").asText(), Tier.valueOf(item.get("tier").asText().toUpperCase()),
                        item.get("note").asText(), request));
            }
        }
        return out;
    }

    private static String expand(String line) {
        Matcher m = PLACEHOLDER.matcher(line);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String source = m.group(1).equals("filler") ? FILLER : CODE;
            String text = repeat(source, Integer.parseInt(m.group(2)));
            // the text goes inside a JSON string: escape it
            String json = Json.mapper().valueToTree(text).toString();
            m.appendReplacement(out, Matcher.quoteReplacement(json.substring(1, json.length() - 1)));
        }
        m.appendTail(out);
        return out.toString();
    }

    static String repeat(String source, int chars) {
        StringBuilder b = new StringBuilder(chars);
        while (b.length() < chars) {
            b.append(source, 0, Math.min(source.length(), chars - b.length()));
        }
        return b.toString();
    }
}
