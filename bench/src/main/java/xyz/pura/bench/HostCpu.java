package xyz.pura.bench;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the machine's CPU went during a phase, besides the gateway: this JVM (the load generator) and the
 * whole host, from /proc. On 2 cores the generator competes with the gateway, so a latency figure means little
 * without them.
 *
 * @param generatorSeconds CPU time (user + system) of this JVM so far
 * @param hostBusyTicks ticks all CPUs spent not idle (everything in /proc/stat's first line but idle and iowait)
 * @param hostTotalTicks all ticks of all CPUs
 */
record HostCpu(double generatorSeconds, long hostBusyTicks, long hostTotalTicks) {

    static HostCpu now() {
        try {
            String cpu = Files.readAllLines(Path.of("/proc/stat")).get(0);
            return new HostCpu(Gateway.cpuSeconds(Files.readString(Path.of("/proc/self/stat"))), busy(cpu), total(cpu));
        } catch (Exception e) {
            return new HostCpu(Double.NaN, 0, 0);
        }
    }

    HostCpu minus(HostCpu before) {
        return new HostCpu(generatorSeconds - before.generatorSeconds, hostBusyTicks - before.hostBusyTicks,
                hostTotalTicks - before.hostTotalTicks);
    }

    /** The busy share of the machine, in cores. */
    double busyCores(int cpus) {
        return hostTotalTicks <= 0 ? Double.NaN : cpus * (double) hostBusyTicks / hostTotalTicks;
    }

    /** Busy ticks of {@code /proc/stat}'s aggregate line: user nice system idle iowait irq softirq steal ... */
    static long busy(String cpuLine) {
        String[] f = cpuLine.trim().split("\\s+");
        return total(cpuLine) - Long.parseLong(f[4]) - Long.parseLong(f[5]);
    }

    static long total(String cpuLine) {
        String[] f = cpuLine.trim().split("\\s+");
        long sum = 0;
        // guest and guest_nice (fields 9 and 10) are already counted in user and nice
        for (int i = 1; i < Math.min(f.length, 9); i++) {
            sum += Long.parseLong(f[i]);
        }
        return sum;
    }
}
