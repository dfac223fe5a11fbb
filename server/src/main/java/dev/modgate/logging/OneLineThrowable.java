package dev.modgate.logging;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.pattern.ThrowableHandlingConverter;
import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;

/**
 * The exception of a log event (modgate's or a library's: JGit, Jetty) on the event's own line:
 * {@code : TransportException: https://host/repo.git: not authorized; caused by: ... [at Class.method(File.java:12)]},
 * the class, message and causes, and where the innermost cause was thrown. An operator reads one line per event; the
 * full stack trace is written when the event's logger is at DEBUG (MODGATE_LOG_LEVEL=debug), for bug reports.
 * Used in logback.xml as {@code %oneLineEx}.
 */
public final class OneLineThrowable extends ThrowableHandlingConverter {
    private final ThrowableProxyConverter full = new ThrowableProxyConverter();

    @Override public void start() {
        full.setContext(getContext());
        full.start();
        super.start();
    }

    @Override public String convert(ILoggingEvent event) {
        IThrowableProxy t = event.getThrowableProxy();
        if (t == null) return "";
        if (debug(event)) return System.lineSeparator() + full.convert(event).stripTrailing();
        return oneLine(t);
    }

    private boolean debug(ILoggingEvent event) {
        if (!(getContext() instanceof LoggerContext lc)) return false;
        Logger l = lc.getLogger(event.getLoggerName());
        return l.isDebugEnabled();
    }

    /** ": Class: message; caused by: Class: message [at frame]", causes repeating their message left out. */
    static String oneLine(IThrowableProxy t) {
        StringBuilder b = new StringBuilder(": ");
        String previous = null;
        IThrowableProxy innermost = t;
        for (IThrowableProxy c = t; c != null; c = c.getCause()) {
            innermost = c;
            String msg = c.getMessage() == null ? "" : c.getMessage().strip().replaceAll("\\s*\\R\\s*", "; ");
            String name = simpleName(c.getClassName());
            // Wrappers often repeat their cause's text ("Foo: Bar: msg"); say each thing once.
            if (previous != null && (msg.isEmpty() || previous.contains(msg))) continue;
            if (previous != null) b.append("; caused by: ");
            b.append(name);
            if (!msg.isEmpty()) b.append(": ").append(msg);
            previous = msg;
        }
        StackTraceElementProxy[] frames = innermost.getStackTraceElementProxyArray();
        if (frames != null && frames.length > 0) b.append(" [at ").append(frames[0].getStackTraceElement()).append(']');
        return b.toString();
    }

    private static String simpleName(String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }
}
