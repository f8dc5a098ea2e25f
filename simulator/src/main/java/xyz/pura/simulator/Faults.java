package xyz.pura.simulator;

import io.javalin.http.Context;

/** Applies injected faults the same way for every wire format. */
final class Faults {
    /** Writes a provider-shaped error with a status. */
    @FunctionalInterface
    interface ErrorWriter {
        void write(int status, String message);
    }

    private Faults() {
    }

    /** The request header wins over a fault injected for the provider. */
    static Fault choose(Context ctx, SimulatorState state, String provider) {
        Fault fromHeader = Fault.parse(ctx.header("X-Sim-Fault"));
        return fromHeader != null ? fromHeader : state.takeFault(provider);
    }

    static boolean failsBeforeAnswer(Fault fault) {
        return fault.kind() == Fault.Kind.STATUS || fault.kind() == Fault.Kind.TIMEOUT;
    }

    static void applyBeforeAnswer(Context ctx, Fault fault, SimulatorConfig config, ErrorWriter writer) {
        if (fault.kind() == Fault.Kind.TIMEOUT) {
            Pacing.pause(config.timeoutFault());
            writer.write(504, "simulated timeout");
            return;
        }
        String message = switch (fault.status()) {
            case 429 -> "Rate limit reached (simulated).";
            case 529 -> "Overloaded (simulated).";
            default -> "Simulated upstream failure " + fault.status() + ".";
        };
        writer.write(fault.status(), message);
    }
}
