package xyz.pura.providers.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How long an upstream asks us to wait, from its response headers, bounded by {@link #MAX}:
 * <ol>
 *   <li>{@code retry-after-ms}: milliseconds, possibly fractional (OpenAI sends it; its SDKs read it first);</li>
 *   <li>{@code Retry-After} (RFC 9110 §10.2.3): delta-seconds, or an HTTP-date in any of the three forms a
 *       recipient must accept (IMF-fixdate, RFC 850, asctime); a date in the past means 0. Fractional seconds,
 *       which RFC 9110 does not allow but some upstreams send, are read too;</li>
 *   <li>only when neither of those is given and the caller asks for them (OpenAI and Groq):
 *       {@code x-ratelimit-reset-requests} / {@code x-ratelimit-reset-tokens}, Go-style durations such as
 *       {@code 1s}, {@code 6m0s}, {@code 2m59.56s} or {@code 250ms}. When one of the matching
 *       {@code x-ratelimit-remaining-*} counters is 0, that limit's reset is the wait; otherwise the later of the two.</li>
 * </ol>
 * A value that is garbage or negative is ignored (the next source is tried); null when nothing usable was given.
 */
public final class RetryAfter {
    /** The longest wait honoured: anything longer (a bogus or far-future value) is cut to this. */
    public static final Duration MAX = Duration.ofMinutes(10);
    private static final BigDecimal MAX_SECONDS = BigDecimal.valueOf(MAX.toSeconds());
    private static final Pattern DECIMAL = Pattern.compile("\\d+(\\.\\d+)?");
    private static final Pattern GO_DURATION = Pattern.compile("((\\d+(\\.\\d*)?|\\.\\d+)(h|ms|m|s|us|µs|ns))+");
    private static final Pattern GO_PART = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(h|ms|m|s|us|µs|ns)");
    /** RFC 850 after its day name, which is not checked: with a two-digit year the weekday cannot be checked before the century is known. */
    private static final Pattern RFC_850_DAY = Pattern.compile("(Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day, (.+)");
    private static final DateTimeFormatter RFC_850 = DateTimeFormatter.ofPattern("dd-MMM-yy HH:mm:ss 'GMT'", Locale.US);
    private static final DateTimeFormatter ASCTIME = DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.US);

    private RetryAfter() {
    }

    /**
     * @param header a response's header by (case-insensitive) name, null when absent; e.g. {@code response::header}
     * @param rateLimitResets whether the {@code x-ratelimit-reset-*} headers count when no Retry-After is given
     * @param now the present, for HTTP-dates
     */
    public static Duration of(UnaryOperator<String> header, boolean rateLimitResets, Instant now) {
        Duration d = millis(header.apply("retry-after-ms"));
        if (d == null) {
            d = retryAfter(header.apply("Retry-After"), now);
        }
        if (d == null && rateLimitResets) {
            d = resets(header);
        }
        return d;
    }

    /** {@code retry-after-ms}: non-negative (possibly fractional) milliseconds, or null. */
    static Duration millis(String value) {
        BigDecimal ms = decimal(value);
        return ms == null ? null : bounded(ms.movePointLeft(3));
    }

    /** {@code Retry-After}: delta-seconds or an HTTP-date, or null. */
    static Duration retryAfter(String value, Instant now) {
        if (value == null) {
            return null;
        }
        BigDecimal seconds = decimal(value);
        if (seconds != null) {
            return bounded(seconds);
        }
        Instant at = httpDate(value.trim(), now);
        if (at == null) {
            return null;
        }
        Duration until = Duration.between(now, at);
        return until.isNegative() ? Duration.ZERO : until.compareTo(MAX) > 0 ? MAX : until;
    }

    /** A Go-style duration ({@code 1m30s}, {@code 250ms}, {@code 7.66s}), or null. */
    static Duration goDuration(String value) {
        if (value == null || !GO_DURATION.matcher(value.trim()).matches()) {
            return null;
        }
        BigDecimal seconds = BigDecimal.ZERO;
        Matcher part = GO_PART.matcher(value.trim());
        while (part.find()) {
            BigDecimal n = new BigDecimal(part.group(1).startsWith(".") ? "0" + part.group(1) : part.group(1));
            seconds = seconds.add(switch (part.group(2)) {
                case "h" -> n.multiply(BigDecimal.valueOf(3600));
                case "m" -> n.multiply(BigDecimal.valueOf(60));
                case "s" -> n;
                case "ms" -> n.movePointLeft(3);
                case "us", "µs" -> n.movePointLeft(6);
                default -> n.movePointLeft(9);
            });
            if (seconds.compareTo(MAX_SECONDS) > 0) {
                return MAX;
            }
        }
        return bounded(seconds);
    }

    private static Duration resets(UnaryOperator<String> header) {
        Duration requests = goDuration(header.apply("x-ratelimit-reset-requests"));
        Duration tokens = goDuration(header.apply("x-ratelimit-reset-tokens"));
        boolean requestsOut = "0".equals(trimmed(header.apply("x-ratelimit-remaining-requests")));
        boolean tokensOut = "0".equals(trimmed(header.apply("x-ratelimit-remaining-tokens")));
        if (requestsOut != tokensOut) {
            Duration exhausted = requestsOut ? requests : tokens;
            if (exhausted != null) {
                return exhausted;
            }
        }
        if (requests == null || tokens == null) {
            return requests != null ? requests : tokens;
        }
        return requests.compareTo(tokens) >= 0 ? requests : tokens;
    }

    private static String trimmed(String s) {
        return s == null ? null : s.trim();
    }

    private static BigDecimal decimal(String value) {
        if (value == null) {
            return null;
        }
        String v = value.trim();
        return DECIMAL.matcher(v).matches() ? new BigDecimal(v) : null;
    }

    private static Duration bounded(BigDecimal seconds) {
        if (seconds.compareTo(MAX_SECONDS) > 0) {
            return MAX;
        }
        return Duration.ofNanos(seconds.movePointRight(9).setScale(0, RoundingMode.CEILING).longValueExact());
    }

    /** IMF-fixdate ({@code Sun, 06 Nov 1994 08:49:37 GMT}), RFC 850 ({@code Sunday, 06-Nov-94 08:49:37 GMT}) or asctime. */
    private static Instant httpDate(String value, Instant now) {
        Matcher rfc850 = RFC_850_DAY.matcher(value);
        if (rfc850.matches()) {
            Instant at = parse(rfc850.group(2), RFC_850);
            // a two-digit year more than 50 years ahead is the last century's (RFC 9110 §5.6.7)
            return at == null || !at.isAfter(now.atOffset(ZoneOffset.UTC).plusYears(50).toInstant())
                    ? at : at.atOffset(ZoneOffset.UTC).minusYears(100).toInstant();
        }
        try {
            return ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        } catch (DateTimeParseException notImf) {
            return parse(value, ASCTIME);
        }
    }

    /** A date and time in UTC, or null. */
    private static Instant parse(String value, DateTimeFormatter format) {
        try {
            return LocalDateTime.parse(value, format).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
