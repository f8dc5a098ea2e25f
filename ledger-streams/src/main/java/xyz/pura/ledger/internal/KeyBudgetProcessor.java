package xyz.pura.ledger.internal;

import java.time.Instant;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import xyz.pura.events.KeyEvent;

/**
 * Follows each key's daily budget from {@code pura.keys}: KeyCreated sets it, KeyUpdated with a budget
 * changes it, and the key's spend view is re-emitted. A revoked key keeps its account (its ledger history
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
        Long budget = switch (record.value()) {
            case KeyEvent.KeyCreated created -> created.dailyBudgetNanoUsd();
            case KeyEvent.KeyUpdated updated -> updated.dailyBudgetNanoUsd();
            case KeyEvent.KeyRevoked revoked -> null;
            case null -> null;
        };
        if (budget == null) {
            return;
        }
        String keyId = record.key();
        Instant at = Time.eventTime(record.value().occurredAt(), record.timestamp());
        AccountState state = accounts.get(keyId);
        if (state == null) {
            state = AccountState.open(keyId, Time.utcDay(at), at);
        }
        AccountState after = state.rolledTo(Time.utcDay(at)).withBudget(budget, at);
        accounts.put(keyId, after);
        context.forward(new Record<>(keyId, new AccountUpdate(null, Views.spendView(after, defaultBudgetNanoUsd, freeRequests)),
                at.toEpochMilli()));
    }
}
