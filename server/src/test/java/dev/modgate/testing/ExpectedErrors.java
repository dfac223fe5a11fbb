package dev.modgate.testing;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps the log lines that tests provoke on purpose (a SECURITY ERROR for a tampered zip, a full disk, a lock held by
 * a hung process) off the test output, so that an ERROR line or a stack trace in a passing run always means something
 * went wrong. Configured in logback-test.xml on the console appender, one {@code <expect>LOGGER | TEXT</expect>} per
 * kind: an event of that logger (simple class name) whose message contains TEXT is not printed but kept here, where a
 * test can assert on it. Appenders a test attaches itself still receive every event. A modgate in a JVM of its own
 * ({@link ModgateProcess}) writes everything to its log file, which tests read whole (for secrets, among others).
 */
public final class ExpectedErrors extends Filter<ILoggingEvent> {
    private static final int KEPT = 1000;
    private static final List<String> seen = new ArrayList<>();

    private record Expectation(String logger, String text) {}

    /** Set in child JVMs, whose output goes to a log file the test reads, not to the console. */
    static final String PRINT_ALL = "modgate.test.printExpectedErrors";

    private final List<Expectation> expectations = new ArrayList<>();
    private final boolean printAll = Boolean.getBoolean(PRINT_ALL);

    /** One {@code <expect>LOGGER | TEXT</expect>} element of the configuration. */
    public void addExpect(String spec) {
        int bar = spec.indexOf('|');
        if (bar < 0) throw new IllegalArgumentException("expect " + spec + ": write LOGGER | TEXT");
        expectations.add(new Expectation(spec.substring(0, bar).strip(), spec.substring(bar + 1).strip()));
    }

    @Override public FilterReply decide(ILoggingEvent event) {
        if (printAll) return FilterReply.NEUTRAL;
        String name = event.getLoggerName();
        String simple = name.substring(name.lastIndexOf('.') + 1);
        for (Expectation e : expectations) {
            if (e.logger.equals(simple) && event.getFormattedMessage().contains(e.text)) {
                keep(simple + " " + event.getFormattedMessage());
                return FilterReply.DENY;
            }
        }
        return FilterReply.NEUTRAL;
    }

    private static void keep(String line) {
        synchronized (seen) {
            if (seen.size() == KEPT) seen.remove(0);
            seen.add(line);
        }
    }

    /** The expected lines kept so far (the last 1,000), oldest first: "Logger message". */
    public static List<String> seen() {
        synchronized (seen) {
            return List.copyOf(seen);
        }
    }
}
