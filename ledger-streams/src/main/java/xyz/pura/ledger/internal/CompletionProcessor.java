package xyz.pura.ledger.internal;

import java.time.Instant;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import xyz.pura.events.BillingPolicy;
import xyz.pura.events.LedgerEntry;
import xyz.pura.events.RequestCompleted;
import xyz.pura.events.SatsRate;

/**
 * Books each debited completion (see {@link xyz.pura.events.BillingPolicy}) on its key's account: rolls the account to the
 * completion's UTC day, adds the debit, records the cost in the 24 h report store at the completion's
 * event time and in the daily usage store on the UTC day the debit is booked to, and emits the ledger entry with the new spend view. The key's first {@code freeRequests}
 * billed requests debit no sats; each later one also debits {@link SatsRate#msatFor} of its cost from the
 * balance (which may fall below 0: it is never clamped).
 */
public final class CompletionProcessor implements Processor<String, RequestCompleted, String, AccountUpdate> {
    private final String accountStore;
    private final String reportStore;
    private final String usageStore;
    private final long defaultBudgetNanoUsd;
    private final long freeRequests;
    private final SatsRate rate;
    private ProcessorContext<String, AccountUpdate> context;
    private KeyValueStore<String, AccountState> accounts;
    private WindowStore<String, ReportItem> reports;
    private WindowStore<String, DailyUsage> usage;

    public CompletionProcessor(String accountStore, String reportStore, String usageStore, long defaultBudgetNanoUsd,
                               long freeRequests, SatsRate rate) {
        this.accountStore = accountStore;
        this.reportStore = reportStore;
        this.usageStore = usageStore;
        this.defaultBudgetNanoUsd = defaultBudgetNanoUsd;
        this.freeRequests = freeRequests;
        this.rate = rate;
    }

    @Override
    public void init(ProcessorContext<String, AccountUpdate> context) {
        this.context = context;
        this.accounts = context.getStateStore(accountStore);
        this.reports = context.getStateStore(reportStore);
        this.usage = context.getStateStore(usageStore);
    }

    @Override
    public void process(Record<String, RequestCompleted> record) {
        RequestCompleted c = record.value();
        if (!c.debited()) {
            return;
        }
        String keyId = record.key();
        Instant at = Time.eventTime(c.occurredAt(), record.timestamp());
        AccountState before = accounts.get(keyId);
        if (before == null) {
            before = AccountState.open(keyId, Time.utcDay(at), at);
        }
        long position = before.billedRequests() + 1;
        long freeOfKey = before.freeRequestsOr(freeRequests);
        boolean free = BillingPolicy.free(position, freeOfKey);
        long amountMsat = BillingPolicy.debitMsat(position, freeOfKey, c.costNanoUsd(), rate);
        AccountState after = before.rolledTo(Time.utcDay(at)).debited(c.costNanoUsd(), amountMsat, at);
        LedgerEntry entry = Views.debit(c, at, amountMsat, free ? null : rate.msatPerUsd(), after);
        accounts.put(keyId, after);
        ReportItem item = ReportItem.of(c);
        reports.put(keyId, item, at.toEpochMilli());
        long day = UsageQuery.dayStart(after.utcDay());
        DailyUsage booked = usage.fetch(keyId, day);
        usage.put(keyId, (booked == null ? DailyUsage.EMPTY : booked).plus(item), day);
        context.forward(new Record<>(keyId, new AccountUpdate(entry, Views.spendView(after, defaultBudgetNanoUsd, freeRequests)),
                at.toEpochMilli()));
    }
}
