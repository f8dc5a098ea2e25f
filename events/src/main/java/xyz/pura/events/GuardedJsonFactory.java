package xyz.pura.events;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.util.JsonParserDelegate;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;

/**
 * Jackson's factory, whose parsers turn a number Jackson cannot convert ({@code 9e9999999999999999999}: an
 * exponent beyond an int) into the {@link StreamConstraintsException} of a malformed document. Jackson lets that
 * {@link NumberFormatException} through unchecked, and every reader that answers bad JSON with a 400 answered
 * this with a 500.
 */
final class GuardedJsonFactory extends JsonFactory {
    private static final long serialVersionUID = 1L;

    GuardedJsonFactory(JsonFactory configured) {
        super(configured, null);
    }

    @Override
    public JsonParser createParser(byte[] data) throws IOException {
        return new Guarded(super.createParser(data));
    }

    @Override
    public JsonParser createParser(byte[] data, int offset, int len) throws IOException {
        return new Guarded(super.createParser(data, offset, len));
    }

    @Override
    public JsonParser createParser(InputStream in) throws IOException {
        return new Guarded(super.createParser(in));
    }

    @Override
    public JsonParser createParser(Reader r) throws IOException {
        return new Guarded(super.createParser(r));
    }

    @Override
    public JsonParser createParser(String content) throws IOException {
        return new Guarded(super.createParser(content));
    }

    @Override
    public JsonFactory copy() {
        return new GuardedJsonFactory(this);
    }

    private static final class Guarded extends JsonParserDelegate {
        Guarded(JsonParser d) {
            super(d);
        }

        @Override
        public BigDecimal getDecimalValue() throws IOException {
            try {
                return super.getDecimalValue();
            } catch (NumberFormatException e) {
                throw refused();
            }
        }

        @Override
        public Number getNumberValue() throws IOException {
            try {
                return super.getNumberValue();
            } catch (NumberFormatException e) {
                throw refused();
            }
        }

        @Override
        public Number getNumberValueExact() throws IOException {
            try {
                return super.getNumberValueExact();
            } catch (NumberFormatException e) {
                throw refused();
            }
        }

        private static StreamConstraintsException refused() {
            return new StreamConstraintsException("A number's exponent is beyond 1e" + BoundedNumbers.MAX_EXPONENT + ".");
        }
    }
}
