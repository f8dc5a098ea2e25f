package xyz.pura.simulator;

import java.time.Duration;
import java.util.Map;

/**
 * @param firstTokenLatency the wait before the first byte of an answer
 * @param tokenDelay the wait between two streamed tokens
 * @param timeoutFault how long a {@code timeout} fault holds the request before answering 504
 */
public record SimulatorConfig(String host, int port, Duration firstTokenLatency, Duration tokenDelay, Duration timeoutFault) {

    public static SimulatorConfig defaults() {
        return new SimulatorConfig("127.0.0.1", 0, Duration.ofMillis(20), Duration.ofMillis(5), Duration.ofSeconds(30));
    }

    /** PURA_SIM_HOST (127.0.0.1; 0.0.0.0 in containers), PURA_SIM_PORT, PURA_SIM_LATENCY_MS, PURA_SIM_TOKEN_DELAY_MS. */
    public static SimulatorConfig fromEnv(Map<String, String> env) {
        SimulatorConfig d = defaults();
        return new SimulatorConfig(env.getOrDefault("PURA_SIM_HOST", d.host()),
                Integer.parseInt(env.getOrDefault("PURA_SIM_PORT", "0")),
                Duration.ofMillis(Long.parseLong(env.getOrDefault("PURA_SIM_LATENCY_MS", "20"))),
                Duration.ofMillis(Long.parseLong(env.getOrDefault("PURA_SIM_TOKEN_DELAY_MS", "5"))),
                d.timeoutFault());
    }

    public SimulatorConfig withLatency(Duration first, Duration perToken) {
        return new SimulatorConfig(host, port, first, perToken, timeoutFault);
    }
}
