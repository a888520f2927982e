package dev.lakehouse.jobs.manifest;

/** A manifest that cannot be used, with the file, the resource and what to fix, in one line. */
public class ManifestException extends Exception {
  public ManifestException(String message) {
    super(message);
  }
}
