package xyz.pura.simulator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * @param firstTokenLatency the wait before the first byte of an answer
 * @param tokenDelay the wait between two streamed tokens
 * @param timeoutFault how long a {@code timeout} fault holds the request before answering 504
 */
public record SimulatorConfig(String host, int port, Duration firstTokenLatency, Duration tokenDelay, Duration timeoutFault) {

    public static SimulatorConfig defaults() {
        return new SimulatorConfig("127.0.0.1", 0, Duration.ofMillis(20), Duration.ofMillis(5), Duration.ofSeconds(30));
    }

    /**
     * PURA_SIM_HOST (127.0.0.1; 0.0.0.0 in containers), PURA_SIM_PORT, PURA_SIM_LATENCY_MS, PURA_SIM_TOKEN_DELAY_MS.
     *
     * @throws IllegalArgumentException naming each variable that is not a number (its message follows the name)
     */
    public static SimulatorConfig fromEnv(Map<String, String> env) {
        SimulatorConfig d = defaults();
        List<IllegalArgumentException> problems = new ArrayList<>();
        long port = number(env, "PURA_SIM_PORT", 0, Integer::parseInt, problems);
        long latency = number(env, "PURA_SIM_LATENCY_MS", 20, Long::parseLong, problems);
        long tokenDelay = number(env, "PURA_SIM_TOKEN_DELAY_MS", 5, Long::parseLong, problems);
        if (problems.size() == 1) {
            throw problems.get(0);
        }
        if (!problems.isEmpty()) {
            IllegalArgumentException all = new IllegalArgumentException(String.join("; ",
                    problems.stream().map(Throwable::getMessage).toList()));
            problems.forEach(all::addSuppressed);
            throw all;
        }
        return new SimulatorConfig(env.getOrDefault("PURA_SIM_HOST", d.host()), (int) port, Duration.ofMillis(latency),
                Duration.ofMillis(tokenDelay), d.timeoutFault());
    }

    private static long number(Map<String, String> env, String name, long dflt, ToLongFunction<String> parse,
                               List<IllegalArgumentException> problems) {
        String v = env.get(name);
        try {
            return v == null ? dflt : parse.applyAsLong(v);
        } catch (NumberFormatException e) {
            problems.add(new IllegalArgumentException(name + ": " + e.getMessage(), e));
            return dflt;
        }
    }

    public SimulatorConfig withLatency(Duration first, Duration perToken) {
        return new SimulatorConfig(host, port, first, perToken, timeoutFault);
    }
}
