package xyz.pura.ledger.internal;

import java.time.Instant;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import xyz.pura.events.KeyEvent;

/**
 * Follows each key's terms from {@code pura.keys} (its daily budget and its own free requests): KeyCreated sets
 * them, a whole-state KeyUpdated or KeyRevoked sets them again, a legacy KeyUpdated with a budget changes the
 * budget; when they change, the key's spend view is re-emitted. A revoked key keeps its account (its ledger history
 * stays); refusing it is the ingress's job.
 */
public final class KeyBudgetProcessor implements Processor<String, KeyEvent, String, AccountUpdate> {
    private final String accountStore;
    private final long defaultBudgetNanoUsd;
    private final long freeRequests;
    private ProcessorContext<String, AccountUpdate> context;
    private KeyValueStore<String, AccountState> accounts;

    public KeyBudgetProcessor(String accountStore, long defaultBudgetNanoUsd, long freeRequests) {
        this.accountStore = accountStore;
        this.defaultBudgetNanoUsd = defaultBudgetNanoUsd;
        this.freeRequests = freeRequests;
    }

    @Override
    public void init(ProcessorContext<String, AccountUpdate> context) {
        this.context = context;
        this.accounts = context.getStateStore(accountStore);
    }

    @Override
    public void process(Record<String, KeyEvent> record) {
        KeyEvent event = record.value();
        if (event == null) {
            return;
        }
        String keyId = record.key();
        Instant at = Time.eventTime(event.occurredAt(), record.timestamp());
        AccountState state = accounts.get(keyId);
        if (state == null) {
            state = AccountState.open(keyId, Time.utcDay(at), at);
        }
        AccountState after = switch (event) {
            case KeyEvent.KeyCreated created -> state.withTerms(created.dailyBudgetNanoUsd(), created.freeRequests(), at);
            // a whole-state record (schema 2) says everything: its null free tier is the default
            case KeyEvent.KeyUpdated updated when updated.carriesState() ->
                    state.withTerms(budgetOr(updated.dailyBudgetNanoUsd(), state), updated.freeRequests(), at);
            case KeyEvent.KeyRevoked revoked when revoked.carriesState() ->
                    state.withTerms(budgetOr(revoked.dailyBudgetNanoUsd(), state), revoked.freeRequests(), at);
            // a legacy change-only record: a budget when it has one, nothing else changes
            case KeyEvent.KeyUpdated updated when updated.dailyBudgetNanoUsd() != null ->
                    state.withTerms(updated.dailyBudgetNanoUsd(), state.freeRequests(), at);
            default -> null;
        };
        if (after == null || sameTerms(state, after)) {
            return;
        }
        after = after.rolledTo(Time.utcDay(at));
        accounts.put(keyId, after);
        context.forward(new Record<>(keyId, new AccountUpdate(null, Views.spendView(after, defaultBudgetNanoUsd, freeRequests)),
                at.toEpochMilli()));
    }

    private static Long budgetOr(Long budget, AccountState state) {
        return budget != null ? budget : state.dailyBudgetNanoUsd();
    }

    /** A record that changes nothing (a re-published state, a revocation) re-emits nothing. */
    private static boolean sameTerms(AccountState before, AccountState after) {
        return before.revision() > 0 && java.util.Objects.equals(before.dailyBudgetNanoUsd(), after.dailyBudgetNanoUsd())
                && java.util.Objects.equals(before.freeRequests(), after.freeRequests());
    }
}
