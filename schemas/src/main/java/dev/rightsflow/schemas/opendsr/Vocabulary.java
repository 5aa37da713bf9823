package dev.rightsflow.schemas.opendsr;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The closed value sets of OpenDSR 2.0, each with its wire spelling. Parsing is exact (the
 * specification's values are lowercase), so a value that is not in the list is reported, not guessed.
 */
public final class Vocabulary {

    private Vocabulary() {
    }

    /** A value with the spelling the specification gives it. */
    public interface Wire {
        String wire();
    }

    static <E extends Enum<E> & Wire> Optional<E> parse(Class<E> type, String value) {
        if (value == null) {
            return Optional.empty();
        }
        return Arrays.stream(type.getEnumConstants()).filter(e -> e.wire().equals(value)).findFirst();
    }

    static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }

    /** §5.1 identity type keys. */
    public enum IdentityType implements Wire {
        CONTROLLER_CUSTOMER_ID, ANDROID_ADVERTISING_ID, ANDROID_ID, EMAIL, FIRE_ADVERTISING_ID, IOS_ADVERTISING_ID,
        IOS_VENDOR_ID, MICROSOFT_ADVERTISING_ID, MICROSOFT_PUBLISHER_ID, ROKU_PUBLISHER_ID, ROKU_ADVERTISING_ID;

        @Override
        public String wire() {
            return lower(this);
        }

        public static Optional<IdentityType> of(String value) {
            return parse(IdentityType.class, value);
        }
    }

    /** §5.2 identity formats: the value itself or one of three hex digests of it. */
    public enum IdentityFormat implements Wire {
        RAW, SHA1, MD5, SHA256;

        @Override
        public String wire() {
            return lower(this);
        }

        public static Optional<IdentityFormat> of(String value) {
            return parse(IdentityFormat.class, value);
        }
    }

    /** §6.2 subject request types. */
    public enum RequestType implements Wire {
        ACCESS, PORTABILITY, ERASURE;

        @Override
        public String wire() {
            return lower(this);
        }

        public static Optional<RequestType> of(String value) {
            return parse(RequestType.class, value);
        }
    }

    /** §8 request statuses. */
    public enum RequestStatus implements Wire {
        PENDING, IN_PROGRESS, COMPLETED, CANCELLED;

        @Override
        public String wire() {
            return lower(this);
        }

        public static Optional<RequestStatus> of(String value) {
            return parse(RequestStatus.class, value);
        }

        /** Whether the request can change no further. */
        public boolean terminal() {
            return this == COMPLETED || this == CANCELLED;
        }
    }

    /** §7.1.1 {@code regulation}: the regimes 2.0 names. */
    public enum Regulation implements Wire {
        GDPR, CCPA;

        @Override
        public String wire() {
            return lower(this);
        }

        public static Optional<Regulation> of(String value) {
            return parse(Regulation.class, value);
        }
    }
}
