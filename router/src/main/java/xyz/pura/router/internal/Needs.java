package xyz.pura.router.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.EnumSet;
import java.util.Set;
import xyz.pura.events.chat.ChatRequest;
import xyz.pura.router.Capability;

/** What a request needs of a model beyond text and tools ({@link Capability}), read from the request as sent. */
public final class Needs {
    private Needs() {
    }

    public static Set<Capability> of(ChatRequest request) {
        JsonNode body = request.body();
        Set<Capability> needs = EnumSet.noneOf(Capability.class);
        if (body.path("n").canConvertToInt() && body.path("n").intValue() > 1) {
            needs.add(Capability.MULTIPLE_CHOICES);
        }
        if (body.path("logprobs").asBoolean(false) || body.path("top_logprobs").canConvertToInt()) {
            needs.add(Capability.LOGPROBS);
        }
        JsonNode effort = body.get("reasoning_effort");
        if (effort != null && effort.isTextual() && !effort.asText().equals("none")) {
            needs.add(Capability.REASONING);
        }
        for (JsonNode message : body.path("messages")) {
            for (JsonNode part : message.path("content")) {
                switch (part.path("type").asText("")) {
                    case "image_url" -> needs.add(Capability.IMAGES);
                    case "input_audio" -> needs.add(Capability.AUDIO);
                    case "file" -> needs.add(Capability.PDF);
                    default -> {
                    }
                }
            }
        }
        return needs;
    }
}
