package xyz.pura.app;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import xyz.pura.events.ProviderId;
import xyz.pura.events.QualityScore;
import xyz.pura.events.Topics;
import xyz.pura.events.WeightUpdated;
import xyz.pura.gateway.admission.Budgets;
import xyz.pura.journal.TopicFeed;
import xyz.pura.gateway.keys.KeyTable;
import xyz.pura.lightning.wallet.InvoiceBook;
import xyz.pura.router.QualityTable;
import xyz.pura.router.WeightTable;

/**
 * The in-memory tables of the hot path, each fed from its compacted topic: keys ({@code pura.keys}),
 * spend ({@code pura.spend} into admission) and provider quality ({@code pura.quality} into the router).
 */
final class TableFeeds implements AutoCloseable {
    private final List<TopicFeed<?>> feeds;

    TableFeeds(String bootstrapServers, KeyTable keys, Budgets budgets, QualityTable quality,
               java.util.function.Consumer<QualityScore> qualityListener, WeightTable weights, InvoiceBook invoices) {
        feeds = List.of(
                new TopicFeed<>(bootstrapServers, Topics.WALLET, invoices::apply),
                new TopicFeed<>(bootstrapServers, Topics.WEIGHTS, update -> applyWeight(weights, update)),
                new TopicFeed<>(bootstrapServers, Topics.KEYS, keys::apply),
                new TopicFeed<>(bootstrapServers, Topics.SPEND, budgets::onView),
                new TopicFeed<>(bootstrapServers, Topics.QUALITY, score -> {
                    applyQuality(quality, score);
                    qualityListener.accept(score);
                }));
    }

    TableFeeds start(Duration timeout) {
        feeds.forEach(TopicFeed::start);
        try {
            for (TopicFeed<?> feed : feeds) {
                if (!feed.awaitCaughtUp(timeout)) {
                    throw new IllegalStateException("the in-memory tables did not load from Kafka within " + timeout);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while loading tables", e);
        }
        return this;
    }

    boolean loaded() {
        return feeds.stream().allMatch(TopicFeed::caughtUp);
    }

    /** The topics whose feed is down now (its consumer failed and is being restarted), for {@code /readyz}. */
    List<String> down() {
        return feeds.stream().filter(feed -> !feed.healthy()).map(TopicFeed::topic).toList();
    }

    /** The router weighs providers by their last hour (ARCHITECTURE: success rate 1 h and latency). */
    static void applyQuality(QualityTable quality, QualityScore score) {
        ProviderId id = ProviderId.fromWire(score.provider()).orElse(null);
        QualityScore.Window w = score.window1h();
        if (id == null || w == null || w.successRate() == null) {
            return;
        }
        double avg = w.avgLatencyMs() == null ? 0 : w.avgLatencyMs();
        double p95 = w.p95LatencyMs() == null ? avg : w.p95LatencyMs();
        Instant at = w.windowEnd() != null ? w.windowEnd() : score.occurredAt();
        quality.update(id, w.successRate(), avg, p95, at);
    }

    /**
     * The oracle publishes a weight only when it changes, and a stale mark when its reads fail for too
     * long; so a fresh weight counts from when it arrives (an unchanged weight stays valid), and only the
     * oracle's stale mark retires it.
     */
    static void applyWeight(WeightTable weights, WeightUpdated update) {
        update.providerId().ifPresent(id -> {
            if (update.stale()) {
                weights.markStale(id);
            } else {
                weights.update(id, update.units(), update.totalUnits(), Instant.now());
            }
        });
    }

    @Override
    public void close() {
        feeds.forEach(TopicFeed::close);
    }
}
