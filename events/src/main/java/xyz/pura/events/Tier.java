package xyz.pura.events;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Complexity tiers, cheapest first. */
public enum Tier {
    CHEAP, MID, PREMIUM;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public Tier up() {
        return this == CHEAP ? MID : PREMIUM;
    }

    public Tier down() {
        return this == PREMIUM ? MID : CHEAP;
    }
}
