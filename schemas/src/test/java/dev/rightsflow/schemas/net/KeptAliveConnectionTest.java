package dev.rightsflow.schemas.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * Every service answers HTTP on Reactor Netty, and browsers and HTTP clients keep their connections alive. This
 * checks the one sequence that lost answers on Reactor Netty 1.3.7 (reactor-netty issue 4361): a request that
 * arrives on a kept-alive connection before the previous answer is finished is held back; when it is then answered
 * at once, the server stopped reading the connection, so the <em>next</em> request on it never got an answer. The
 * dashboard's list page went unanswered that way once every few hundred clicks (DashboardBenchmark at 20,000 cases,
 * the dashboard's browser test). The root pom pins the Reactor release that resumes the read.
 */
class KeptAliveConnectionTest {

    private DisposableServer server;

    @BeforeEach
    void start() {
        server = HttpServer.create().host("127.0.0.1").port(0)
                .route(routes -> routes
                        .get("/later", (request, response) -> response.sendString(
                                Mono.delay(Duration.ofMillis(50)).thenReturn("later")))
                        .get("/now", (request, response) -> response.sendString(Mono.just("now"))))
                .bindNow(Duration.ofSeconds(10));
    }

    @AfterEach
    void stop() {
        server.disposeNow(Duration.ofSeconds(10));
    }

    @Test
    void aRequestAfterOneThatWaitedItsTurnIsAnswered() throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            // the second request reaches the server while the first is still being answered
            out.write((get("/later") + get("/now")).getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertThat(body(in)).isEqualTo("later");
            assertThat(body(in)).isEqualTo("now");

            out.write(get("/now").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertThat(body(in)).as("the third request on the same connection is answered").isEqualTo("now");
        }
    }

    private static String get(String path) {
        return "GET " + path + " HTTP/1.1\r\nHost: localhost\r\n\r\n";
    }

    /** Reads one response (status line, headers, a Content-Length body) and returns its body. */
    private static String body(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed before a full response");
            }
            head.write(b);
        }
        String headers = head.toString(StandardCharsets.US_ASCII);
        assertThat(headers).startsWith("HTTP/1.1 200");
        int length = 0;
        for (String line : headers.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring("content-length:".length()).trim());
            }
        }
        return new String(in.readNBytes(length), StandardCharsets.US_ASCII);
    }
}
