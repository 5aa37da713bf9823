package dev.rightsflow.connectors.spi;

import java.util.Objects;

/**
 * What a vendor said when asked to cancel work it had already accepted ({@link Connector#cancel}):
 * cancelled there, or not, with the words staff and the case history read.
 *
 * @param cancelled true when the vendor confirmed that it will not carry the work out
 * @param words     what happened, naming the vendor's answer; never personal data
 */
public record Cancellation(boolean cancelled, String words) {

    public Cancellation {
        Objects.requireNonNull(words, "words");
    }

    public static Cancellation cancelled(String words) {
        return new Cancellation(true, words);
    }

    public static Cancellation notCancellable(String words) {
        return new Cancellation(false, words);
    }
}
