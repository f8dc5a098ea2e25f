package xyz.pura.ledger.internal;

import java.time.Instant;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import xyz.pura.events.WalletEvent;

/**
 * Books each settled invoice as exactly one credit on its key's account. The invoice ids already credited
 * are kept in a key-value store without expiry (there are few: one per funding payment), so a settlement
 * reported twice, re-polled after a restart, or replayed months later never credits again. Other wallet
 * events (created, expired) move no money and are ignored here.
 *
 * <p>A settlement whose record key is not its {@code keyId}, or whose amount is not above 0, is not
 * credited (logged as an error); {@code pura replay --check} reports it as a settled invoice without a
 * credit.
 */
public final class SettlementProcessor implements Processor<String, WalletEvent, String, AccountUpdate> {
    private static final Logger LOG = LoggerFactory.getLogger(SettlementProcessor.class);

    private final String accountStore;
    private final String settledStore;
    private final long defaultBudgetNanoUsd;
    private final long freeRequests;
    private ProcessorContext<String, AccountUpdate> context;
    private KeyValueStore<String, AccountState> accounts;
    private KeyValueStore<String, Long> settled;

    /** @param settledStore invoice id to the event time (epoch ms) of the settlement that was credited */
    public SettlementProcessor(String accountStore, String settledStore, long defaultBudgetNanoUsd, long freeRequests) {
        this.accountStore = accountStore;
        this.settledStore = settledStore;
        this.defaultBudgetNanoUsd = defaultBudgetNanoUsd;
        this.freeRequests = freeRequests;
    }

    @Override
    public void init(ProcessorContext<String, AccountUpdate> context) {
        this.context = context;
        this.accounts = context.getStateStore(accountStore);
        this.settled = context.getStateStore(settledStore);
    }

    @Override
    public void process(Record<String, WalletEvent> record) {
        if (!(record.value() instanceof WalletEvent.InvoiceSettled s)) {
            return;
        }
        String keyId = record.key();
        if (s.invoiceId() == null || keyId == null || !keyId.equals(s.keyId()) || s.amountMsat() <= 0) {
            LOG.error("not crediting a malformed settlement at key {}: {}", keyId, s);
            return;
        }
        if (settled.get(s.invoiceId()) != null) {
            LOG.info("invoice {} is already credited; dropping its settlement {}", s.invoiceId(), s.eventId());
            return;
        }
        Instant at = Time.eventTime(s.occurredAt(), record.timestamp());
        AccountState before = accounts.get(keyId);
        if (before == null) {
            before = AccountState.open(keyId, Time.utcDay(at), at);
        }
        AccountState after = before.rolledTo(Time.utcDay(at)).credited(s.amountMsat(), at);
        settled.put(s.invoiceId(), at.toEpochMilli());
        accounts.put(keyId, after);
        context.forward(new Record<>(keyId, new AccountUpdate(Views.credit(s, at, after),
                Views.spendView(after, defaultBudgetNanoUsd, freeRequests)), at.toEpochMilli()));
    }
}
