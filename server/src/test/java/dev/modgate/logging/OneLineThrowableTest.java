package dev.modgate.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** modgate's production logback.xml: an exception (a library's too) stays on its event's line, unless at DEBUG. */
class OneLineThrowableTest {
    /** The line(s) production logging writes for a warning from this logger with this exception. */
    private static String render(String loggerName, Level level, Throwable t) throws Exception {
        LoggerContext ctx = new LoggerContext();
        JoranConfigurator jc = new JoranConfigurator();
        jc.setContext(ctx);
        URL config = OneLineThrowable.class.getResource("/logback.xml");
        assertThat(config.getPath()).as("the production file, not logback-test.xml").endsWith("/classes/logback.xml");
        jc.doConfigure(config);
        Logger logger = ctx.getLogger(loggerName);
        logger.setLevel(level);
        @SuppressWarnings("unchecked")
        OutputStreamAppender<ILoggingEvent> appender = (OutputStreamAppender<ILoggingEvent>) ctx.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("STDERR");
        LoggingEvent e = new LoggingEvent(Logger.class.getName(), logger, Level.WARN, "fetch of {} failed", t, new Object[] {"https://git.example/r.git"});
        String out = new String(appender.getEncoder().encode(e), StandardCharsets.UTF_8);
        ctx.stop();
        return out;
    }

    private static Throwable jgitLike() {
        IOException root = new ConnectException("Connection refused");
        IOException middle = new IOException("https://git.example/r.git: cannot open git-upload-pack\nsecond line", root);
        return new RuntimeException("org.eclipse.jgit.api.errors.TransportException: https://git.example/r.git: cannot open git-upload-pack", middle);
    }

    @Test
    void aLibrarysExceptionIsOneLineWithItsCauses() throws Exception {
        String out = render("org.eclipse.jgit.transport.TransportHttp", Level.INFO, jgitLike());
        assertThat(out.lines()).hasSize(1);
        assertThat(out).matches("\\S+ WARN  TransportHttp fetch of https://git.example/r.git failed: RuntimeException: "
                + "org.eclipse.jgit.api.errors.TransportException: https://git.example/r.git: cannot open git-upload-pack; "
                + "caused by: IOException: https://git.example/r.git: cannot open git-upload-pack; second line; "
                + "caused by: ConnectException: Connection refused \\[at dev.modgate.logging.OneLineThrowableTest.jgitLike\\(OneLineThrowableTest.java:\\d+\\)\\]\\R");
    }

    @Test
    void atDebugTheWholeStackTrace() throws Exception {
        String out = render("org.eclipse.jgit.transport.TransportHttp", Level.DEBUG, jgitLike());
        assertThat(out.lines().count()).isGreaterThan(5);
        assertThat(out).contains("\tat dev.modgate.logging.OneLineThrowableTest.jgitLike").contains("Caused by: java.net.ConnectException: Connection refused");
    }

    @Test
    void anExceptionWithoutMessageIsNamed() throws Exception {
        String out = render("dev.modgate.fetch.ModuleService", Level.INFO, new NullPointerException());
        assertThat(out.lines()).hasSize(1);
        assertThat(out).contains("failed: NullPointerException [at ");
    }
}
