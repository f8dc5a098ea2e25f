package xyz.pura.events.pricing;

/** A model that is not on the rate card and whose name tells no provider, so it has no price. */
public final class UnknownModelException extends IllegalArgumentException {
    private final String model;

    public UnknownModelException(String model, String rateCardVersion) {
        super("no price for model '" + model + "' in rate card " + rateCardVersion);
        this.model = model;
    }

    public String model() {
        return model;
    }
}
