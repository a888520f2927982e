package dev.lakehouse.testing;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Stops every still-running server when the JVM exits, so a failed test leaves none behind. */
final class ShutdownHooks {
  private static final Set<AutoCloseable> OPEN = new LinkedHashSet<>();
  private static boolean installed;

  private ShutdownHooks() {}

  static synchronized void register(AutoCloseable server) {
    if (!installed) {
      Runtime.getRuntime()
          .addShutdownHook(new Thread(ShutdownHooks::closeAll, "lakehouse-test-servers-stop"));
      installed = true;
    }
    OPEN.add(server);
  }

  static synchronized void unregister(AutoCloseable server) {
    OPEN.remove(server);
  }

  private static void closeAll() {
    List<AutoCloseable> open;
    synchronized (ShutdownHooks.class) {
      open = new ArrayList<>(OPEN);
    }
    // Newest first: the metastore goes before the database it is connected to.
    for (int i = open.size() - 1; i >= 0; i--) {
      try {
        open.get(i).close();
      } catch (Exception e) {
        System.err.println("lakehouse-testing: cannot stop " + open.get(i) + ": " + e);
      }
    }
  }
}
