package dev.lakehouse.kubetesting;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * What cluster DNS and kube-proxy give a pod, for the pods {@link ProcessPods} runs: each Service
 * named here gets a loopback address of its own (its "cluster IP", 127.0.N.1), its DNS names
 * ({@code <service>.<namespace>.svc[.cluster.local]}) resolve to it through a hosts file the pods
 * see at /etc/hosts, and a connection to one of its ports is forwarded to the local server that
 * stands in for the Service's pods. So a pod reaches {@code demo-metastore.ns.svc:9083} as in a
 * cluster while the test's metastore listens on any free port.
 */
public final class LoopbackServices implements AutoCloseable {
  private static final int FIRST_NETWORK = 10;

  private final Path hostsFile;
  private final Map<String, String> addresses = new LinkedHashMap<>();
  private final List<ServerSocket> listeners = new ArrayList<>();
  private final ExecutorService threads =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "loopback-service");
            t.setDaemon(true);
            return t;
          });

  public LoopbackServices(Path hostsFile) {
    this.hostsFile = hostsFile;
    writeHosts();
  }

  /** The file to bind at /etc/hosts: the machine's own entries and the Services'. */
  public Path hostsFile() {
    return hostsFile;
  }

  /**
   * Service {@code namespace/service} port {@code port}, served by the local server on {@code
   * 127.0.0.1:backendPort}. Returns the Service's address.
   */
  public synchronized String expose(String namespace, String service, int port, int backendPort) {
    String key = service + "." + namespace;
    String address =
        addresses.computeIfAbsent(key, k -> "127.0." + (FIRST_NETWORK + addresses.size()) + ".1");
    ServerSocket listener;
    try {
      listener = new ServerSocket();
      listener.setReuseAddress(true);
      listener.bind(new InetSocketAddress(InetAddress.getByName(address), port));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on " + address + ":" + port + " for " + key, e);
    }
    listeners.add(listener);
    threads.execute(() -> accept(listener, backendPort));
    writeHosts();
    return address;
  }

  private void accept(ServerSocket listener, int backendPort) {
    while (!listener.isClosed()) {
      try {
        Socket client = listener.accept();
        Socket backend = new Socket("127.0.0.1", backendPort);
        threads.execute(() -> pipe(client, backend));
        threads.execute(() -> pipe(backend, client));
      } catch (IOException e) {
        // closed, or the backend refused: the client sees its connection end, as with no endpoint
      }
    }
  }

  private static void pipe(Socket from, Socket to) {
    try (InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream()) {
      in.transferTo(out);
    } catch (IOException e) {
      // the other side went away
    } finally {
      closeQuietly(from);
      closeQuietly(to);
    }
  }

  private synchronized void writeHosts() {
    StringBuilder hosts = new StringBuilder();
    try {
      Path machine = Path.of("/etc/hosts");
      if (Files.isReadable(machine)) {
        hosts.append(Files.readString(machine)).append('\n');
      }
      hosts.append("# Services of the test cluster\n");
      addresses.forEach(
          (name, address) ->
              hosts
                  .append(address)
                  .append(' ')
                  .append(name)
                  .append(".svc ")
                  .append(name)
                  .append(".svc.cluster.local ")
                  .append(name)
                  .append('\n'));
      Files.createDirectories(hostsFile.toAbsolutePath().getParent());
      Files.writeString(hostsFile, hosts);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception ignored) {
      // already closed
    }
  }

  @Override
  public synchronized void close() {
    listeners.forEach(LoopbackServices::closeQuietly);
    threads.shutdownNow();
  }
}
