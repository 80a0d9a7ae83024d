package io.aiswarm.api;

import io.aiswarm.view.Requester;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Plain HTTP/1.x on the master's local socket, one request per connection, so that a shell with curl
 * ({@code curl --unix-socket master.sock http://swarm/...}) can call the master without a JVM: bin/swarm answers
 * `status` and `task add` that way. No event stream, no chunked bodies, no keep-alive.
 */
final class SocketHttp {
    private static final Pattern REQUEST_LINE = Pattern.compile("(GET|POST|PUT|DELETE|HEAD) (/\\S*) HTTP/1\\.[01]");
    private static final int MAX_HEADERS = 64 * 1024;

    private SocketHttp() {
    }

    /** True when a request's first line (without its line end) is an HTTP request line. */
    static boolean isRequestLine(String line) {
        return REQUEST_LINE.matcher(stripCr(line)).matches();
    }

    /** Reads the headers and the body (Content-Length bytes) after the request line. */
    static ApiRequest read(String requestLine, InputStream in, OutputStream out, int maxBody) throws IOException {
        Matcher m = REQUEST_LINE.matcher(stripCr(requestLine));
        if (!m.matches()) throw new IOException("not an HTTP request line");
        long length = 0;
        int headerBytes = 0;
        boolean expectContinue = false;
        for (String h = readLine(in); !h.isEmpty(); h = readLine(in)) {
            headerBytes += h.length();
            if (headerBytes > MAX_HEADERS) throw new IOException("headers too long");
            int colon = h.indexOf(':');
            if (colon < 0) continue;
            String name = h.substring(0, colon).strip().toLowerCase(Locale.ROOT);
            String value = h.substring(colon + 1).strip();
            if (name.equals("content-length")) {
                try {
                    length = Long.parseLong(value);
                } catch (NumberFormatException e) {
                    throw new IOException("bad Content-Length: " + value);
                }
            } else if (name.equals("transfer-encoding")) {
                throw new IOException("chunked bodies are not read here; send Content-Length");
            } else if (name.equals("expect") && value.equalsIgnoreCase("100-continue")) {
                expectContinue = true;
            }
        }
        if (length < 0 || length > maxBody) throw new IOException("body of " + length + " bytes is too long");
        if (expectContinue) {
            out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }
        byte[] body = in.readNBytes((int) length);
        if (body.length < length) throw new IOException("the body ended early");
        return ApiRequest.of(m.group(1), m.group(2), new String(body, StandardCharsets.UTF_8),
                new Requester("cli", System.getProperty("user.name", "owner"), "local socket"), null);
    }

    static void write(OutputStream out, ApiResponse r) throws IOException {
        byte[] body = r.body().getBytes(StandardCharsets.UTF_8);
        String head = "HTTP/1.1 " + r.status() + " " + reason(r.status()) + "\r\nContent-Type: " + r.contentType()
                + "\r\nContent-Length: " + body.length + "\r\nConnection: close\r\n\r\n";
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
    }

    private static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 201 -> "Created";
            case 400 -> "Bad Request";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 409 -> "Conflict";
            default -> status >= 500 ? "Server Error" : "Status";
        };
    }

    /** One line of bytes up to '\n' (ISO-8859-1: headers are ASCII), without its line end; "" at the end. */
    static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            if (line.length() >= MAX_HEADERS) throw new IOException("line too long");
            line.append((char) c);
        }
        return stripCr(line.toString());
    }

    private static String stripCr(String line) {
        return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    }
}
