package xyz.pura.ingress.usage;

import io.javalin.http.Context;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import xyz.pura.events.refusal.Refused;

/**
 * A range of whole UTC days {@code [from, to]}, from {@code ?days=N} (the last N days, today included) or
 * {@code ?from=YYYY-MM-DD&to=YYYY-MM-DD}; at most {@value #MAX_DAYS} days (the daily usage store's retention).
 * Anything else is a 400 naming the parameter.
 */
public record UsageRange(LocalDate from, LocalDate to) {
    public static final int MAX_DAYS = 400;
    public static final int DEFAULT_DAYS = 30;

    /** The number of days in the range. */
    public long days() {
        return ChronoUnit.DAYS.between(from, to) + 1;
    }

    /** {@code ?days=} (default {@value #DEFAULT_DAYS}): the last N UTC days, today included. */
    static UsageRange lastDays(Context ctx, Clock clock) {
        String text = ctx.queryParam("days");
        int days = DEFAULT_DAYS;
        if (text != null) {
            try {
                days = Integer.parseInt(text.trim());
            } catch (NumberFormatException e) {
                days = -1;
            }
            if (days < 1 || days > MAX_DAYS) {
                throw Refused.invalid("'days' must be a whole number from 1 to " + MAX_DAYS + ".", "days");
            }
        }
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        return new UsageRange(today.minusDays(days - 1L), today);
    }

    /** {@code ?from=&to=}, both required. */
    static UsageRange between(Context ctx) {
        LocalDate from = day(ctx, "from");
        LocalDate to = day(ctx, "to");
        if (from.isAfter(to)) {
            throw Refused.invalid("'from' (" + from + ") is after 'to' (" + to + ").", "from");
        }
        UsageRange range = new UsageRange(from, to);
        if (range.days() > MAX_DAYS) {
            throw Refused.invalid("The range is " + range.days() + " days; at most " + MAX_DAYS + " days per request.", "to");
        }
        return range;
    }

    private static LocalDate day(Context ctx, String name) {
        String text = ctx.queryParam(name);
        if (text == null || text.isBlank()) {
            throw Refused.invalid("Missing '" + name + "': a UTC day as YYYY-MM-DD.", name);
        }
        if (text.length() != 10) {
            throw Refused.invalid("'" + name + "' must be a UTC day as YYYY-MM-DD.", name);
        }
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw Refused.invalid("'" + name + "' must be a UTC day as YYYY-MM-DD.", name);
        }
    }
}
