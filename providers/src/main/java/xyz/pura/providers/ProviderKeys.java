package xyz.pura.providers;

/**
 * The shape of a provider API key a caller may bring (BYOK, {@code X-Provider-Key}). Every provider's keys are
 * printable ASCII without spaces (sk-..., sk-ant-..., gsk_..., AIza...). Anything else cannot be sent as an HTTP
 * header: OkHttp refuses it with the whole value in its exception message, which then reached the log.
 */
public final class ProviderKeys {
    /** Longer than any real provider key (OpenAI project keys are about 170 characters). */
    public static final int MAX_LENGTH = 512;

    private ProviderKeys() {
    }

    /** True for 1 to {@link #MAX_LENGTH} characters, each visible ASCII (0x21 to 0x7E). */
    public static boolean wellFormed(String key) {
        if (key == null || key.isEmpty() || key.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c < 0x21 || c > 0x7E) {
                return false;
            }
        }
        return true;
    }

    /** What to tell a caller whose key is not {@link #wellFormed}: never the key itself. */
    public static String refusal() {
        return "The X-Provider-Key header must be a provider API key: 1 to " + MAX_LENGTH
                + " visible ASCII characters, without spaces.";
    }
}
