package ai.crafted.testsupport.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * One HTTP/1.1 exchange over a plain socket, for what ordinary clients cannot do: send from
 * another loopback address (127.0.0.2, …: each is a distinct client to the server), send a
 * request whose body never arrives, or send exactly the bytes given.
 */
public final class RawHttp {

    private RawHttp() {
    }

    /**
     * Sends {@code request} (request line, headers and body, CRLF line ends, ideally with
     * {@code Connection: close}) from {@code fromAddress} and returns everything the server
     * answered until it closed the connection.
     */
    public static String exchange(String fromAddress, int port, String request) {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port, InetAddress.getByName(fromAddress), 0)) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The status code of a raw response. */
    public static int status(String response) {
        return Integer.parseInt(response.substring(9, 12));
    }
}
