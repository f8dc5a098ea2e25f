package xyz.pura.simulator;

/**
 * A fault the simulator injects instead of (or into) an answer. Chosen per request by the
 * {@code X-Sim-Fault} header, or per provider by {@link SimulatorState#injectFault}.
 *
 * <p>Header syntax: {@code status:500}, {@code status:429}, {@code status:529}, {@code timeout},
 * {@code error-mid-stream}, {@code drop-mid-stream}.
 */
public record Fault(Kind kind, int status) {

    public enum Kind { STATUS, TIMEOUT, ERROR_MID_STREAM, DROP_MID_STREAM }

    public static Fault parse(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String h = header.trim();
        if (h.startsWith("status:")) {
            return new Fault(Kind.STATUS, Integer.parseInt(h.substring("status:".length()).trim()));
        }
        return switch (h) {
            case "timeout" -> new Fault(Kind.TIMEOUT, 0);
            case "error-mid-stream" -> new Fault(Kind.ERROR_MID_STREAM, 0);
            case "drop-mid-stream" -> new Fault(Kind.DROP_MID_STREAM, 0);
            default -> throw new IllegalArgumentException("unknown fault: " + h);
        };
    }

    public static Fault status(int status) {
        return new Fault(Kind.STATUS, status);
    }
}
