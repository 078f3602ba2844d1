package dev.steadfast.examples.approval;

import static java.util.Objects.requireNonNull;

/**
 * What someone asks for, e.g. "Refund order 1234 ($420): the parcel arrived damaged".
 *
 * @param text the request in plain words
 */
public record Request(String text) {
    public Request {
        requireNonNull(text, "text");
    }
}
