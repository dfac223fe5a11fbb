package dev.modgate.policy;

/** A policy file that cannot be used; the message names the file and line and says what to write instead. */
public final class PolicyException extends Exception {
    public PolicyException(String message) {
        super(message);
    }
}
