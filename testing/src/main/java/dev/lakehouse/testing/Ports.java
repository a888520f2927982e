package dev.lakehouse.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.SecureRandom;

/** Free loopback ports and connection probes. */
final class Ports {
  static final String HOST = "127.0.0.1";
  private static final SecureRandom RANDOM = new SecureRandom();

  private Ports() {}

  static int free() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port on " + HOST, e);
    }
  }

  /**
   * A free port whose neighbour 10000 up is free too (SeaweedFS's gRPC ports), below the ephemeral
   * range so a client's outgoing connection does not take it meanwhile.
   */
  static int freeWithGrpc() {
    for (int attempt = 0; attempt < 200; attempt++) {
      int port = 20000 + RANDOM.nextInt(10000);
      if (isBindable(port) && isBindable(port + 10000)) {
        return port;
      }
    }
    throw new IllegalStateException("no free port pair (p, p + 10000) on " + HOST);
  }

  private static boolean isBindable(int port) {
    try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getByName(HOST))) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  static boolean isOpen(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(HOST, port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
