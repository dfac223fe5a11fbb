package dev.modgate.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Errors Jetty raises before modgate's handler runs (an unparseable request line, a path it refuses to decode)
 * get the same one-line text/plain body as modgate's own errors: the go command prints it, an HTML page it would not.
 */
final class PlainErrorHandler extends ErrorHandler {
    /** Where the refusal is logged (the access log), or null. */
    private final ProxyHandler accessLog;

    PlainErrorHandler(ProxyHandler accessLog) {
        this.accessLog = accessLog;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        int status = response.getStatus();
        if (status < 400) status = 500;
        if (status == HttpStatus.HTTP_VERSION_NOT_SUPPORTED_505) {
            // A client speaking no HTTP/1.x: its mistake, not a server failure that should page anyone (no 5xx).
            status = 400;
            response.setStatus(400);
            request.setAttribute(ERROR_MESSAGE, "unsupported HTTP version (modgate speaks HTTP/1.0 and HTTP/1.1)");
        }
        Object message = request.getAttribute(ERROR_MESSAGE);
        String reason = message == null || message.toString().equals(HttpStatus.getMessage(status))
                ? (status == 400 ? "malformed request (the path may hold \"..\" segments or encoded control characters)" : HttpStatus.getMessage(status))
                : message.toString();
        String body = (status < 500 ? "bad request: " : "error: ") + reason.replace('\n', ' ') + "\n";
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
        if (accessLog != null) {
            try {
                accessLog.logRefused(request, status, bytes.length, reason.replace('\n', ' '));
            } catch (RuntimeException e) {
                // A request too broken to describe still gets its answer.
            }
        }
        response.write(true, ByteBuffer.wrap(bytes), callback);
        return true;
    }
}
