package dev.steadfast.message;

/** A part of a {@link Message}: either a {@link RequestPart} or a {@link ResponsePart}. */
public sealed interface Part permits RequestPart, ResponsePart {}
