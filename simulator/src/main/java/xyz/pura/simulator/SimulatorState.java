package xyz.pura.simulator;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the simulator has seen, and the faults it has been told to inject, per provider
 * ("openai", "groq", "anthropic", "gemini"). Thread-safe; tests read it to see what reached the upstream.
 */
public final class SimulatorState {
    private final Map<String, AtomicLong> requests = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> cancelled = new ConcurrentHashMap<>();
    private final Map<String, String> lastCredential = new ConcurrentHashMap<>();
    private final Map<String, String> lastBody = new ConcurrentHashMap<>();
    private final Map<String, PendingFault> faults = new ConcurrentHashMap<>();
    private final PromptCache promptCache = new PromptCache();

    private record PendingFault(Fault fault, AtomicInteger remaining) {
    }

    /** Makes the next {@code times} requests to {@code provider} fail with {@code fault} (times < 0: until cleared). */
    public void injectFault(String provider, Fault fault, int times) {
        faults.put(provider, new PendingFault(fault, new AtomicInteger(times)));
    }

    public void clearFaults() {
        faults.clear();
    }

    Fault takeFault(String provider) {
        PendingFault pending = faults.get(provider);
        if (pending == null) {
            return null;
        }
        int left = pending.remaining().getAndDecrement();
        if (left == 0) {
            faults.remove(provider, pending);
            return null;
        }
        return pending.fault();
    }

    /** The providers' prompt caches (each keyed by provider and model). */
    PromptCache promptCache() {
        return promptCache;
    }

    void recordRequest(String provider, String credential, String body) {
        requests.computeIfAbsent(provider, p -> new AtomicLong()).incrementAndGet();
        if (credential != null) {
            lastCredential.put(provider, credential);
        }
        lastBody.put(provider, body);
    }

    void recordCancel(String provider) {
        cancelled.computeIfAbsent(provider, p -> new AtomicLong()).incrementAndGet();
    }

    public long requests(String provider) {
        AtomicLong n = requests.get(provider);
        return n == null ? 0 : n.get();
    }

    public long totalRequests() {
        return requests.values().stream().mapToLong(AtomicLong::get).sum();
    }

    /** Streams the simulator stopped because the client (the gateway) went away. */
    public long cancelled(String provider) {
        AtomicLong n = cancelled.get(provider);
        return n == null ? 0 : n.get();
    }

    /** The key the last request to this provider carried (Bearer token, x-api-key or x-goog-api-key). */
    public String lastCredential(String provider) {
        return lastCredential.get(provider);
    }

    public String lastBody(String provider) {
        return lastBody.get(provider);
    }
}
