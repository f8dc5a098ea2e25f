package xyz.pura.chain;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import xyz.pura.events.WeightUpdated;

/** Keeps every published update in order; thread-safe. */
final class InMemoryPublisher implements WeightPublisher {
    private final List<WeightUpdated> events = new CopyOnWriteArrayList<>();

    @Override
    public void publish(WeightUpdated update) {
        events.add(update);
    }

    List<WeightUpdated> events() {
        return List.copyOf(events);
    }

    List<WeightUpdated> stale() {
        return events.stream().filter(WeightUpdated::stale).toList();
    }

    List<WeightUpdated> fresh() {
        return events.stream().filter(e -> !e.stale()).toList();
    }
}
