package dev.modgate.core.module;

/** A module path, version or file path breaks one of the go command's rules; the message is the go command's own text. */
public class ModuleRuleException extends IllegalArgumentException {
    public ModuleRuleException(String message) { super(message); }

    public ModuleRuleException(String message, Throwable cause) { super(message, cause); }
}
