package dev.warden.match;

/** Thrown by {@link Deadline#check} when matching has run past its deadline; carries no stack trace. */
public final class TimeoutException extends RuntimeException {
    public TimeoutException() { super("timeout", null, false, false); }
}
