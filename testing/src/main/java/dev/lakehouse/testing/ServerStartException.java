package dev.lakehouse.testing;

/** A test server did not start; the message carries the end of its log. */
public class ServerStartException extends RuntimeException {
  public ServerStartException(String message) {
    super(message);
  }

  public ServerStartException(String message, Throwable cause) {
    super(message, cause);
  }
}
