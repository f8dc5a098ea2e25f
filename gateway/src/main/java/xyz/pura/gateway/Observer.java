package xyz.pura.gateway;

import xyz.pura.events.RequestCompleted;

/** Told about every request's end and every admission refusal (metrics and the status page listen). */
public interface Observer {
    Observer NONE = new Observer() {
        @Override
        public void onCompleted(RequestCompleted completed) {
        }

        @Override
        public void onRejected(String code) {
        }
    };

    void onCompleted(RequestCompleted completed);

    /** A request refused before any upstream call: budget_exhausted, free_tier_exceeded, ... */
    void onRejected(String code);
}
