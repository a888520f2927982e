package dev.lakehouse.jobs.plan;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/** Run manifests in object storage beside the table, one object per run. */
public final class ManifestStore {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String FILE = "manifest.json";

  /** A stored manifest, with where it is and the hash of its bytes. */
  public record Stored(RunManifest manifest, String location, long bytes, String sha256) {}

  private final Configuration hadoop;
  private final String runsFolder;

  public ManifestStore(Configuration hadoop, String runsFolder) {
    this.hadoop = hadoop;
    this.runsFolder = runsFolder;
  }

  public String location(String runId) {
    return runsFolder + "/" + safe(runId) + "/" + FILE;
  }

  public Optional<Stored> read(String runId) throws IOException {
    Path path = new Path(location(runId));
    FileSystem fs = fs();
    if (!fs.exists(path)) {
      return Optional.empty();
    }
    return Optional.of(read(fs, path));
  }

  public Stored write(RunManifest manifest) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(manifest);
    Path path = new Path(location(manifest.runId()));
    FileSystem fs = fs();
    String scheme = fs.getUri().getScheme();
    if ("s3a".equals(scheme) || "s3".equals(scheme)) {
      // An S3 object becomes visible whole, at close, or not at all.
      try (OutputStream out = fs.create(path, true)) {
        out.write(bytes);
      }
    } else {
      // A file system shows a half-written file: write beside it, then rename.
      Path temporary = new Path(path.getParent(), "." + FILE + ".tmp");
      try (OutputStream out = fs.create(temporary, true)) {
        out.write(bytes);
      }
      fs.delete(path, false);
      if (!fs.rename(temporary, path)) {
        throw new IOException("cannot rename " + temporary + " to " + path);
      }
    }
    return new Stored(manifest, path.toString(), bytes.length, sha256(bytes));
  }

  /** Every run manifest of the table, for the file ledger. */
  public List<Stored> readAll() throws IOException {
    FileSystem fs = fs();
    Path folder = new Path(runsFolder);
    List<Stored> all = new ArrayList<>();
    if (!fs.exists(folder)) {
      return all;
    }
    for (FileStatus run : fs.listStatus(folder)) {
      Path manifest = new Path(run.getPath(), FILE);
      if (run.isDirectory() && fs.exists(manifest)) {
        all.add(read(fs, manifest));
      }
    }
    return all;
  }

  private Stored read(FileSystem fs, Path path) throws IOException {
    byte[] bytes;
    try (InputStream in = fs.open(path)) {
      ByteArrayOutputStream buffer = new ByteArrayOutputStream();
      in.transferTo(buffer);
      bytes = buffer.toByteArray();
    }
    return new Stored(
        JSON.readValue(bytes, RunManifest.class), path.toString(), bytes.length, sha256(bytes));
  }

  private FileSystem fs() throws IOException {
    return FileSystem.get(URI.create(runsFolder), hadoop);
  }

  /** Run ids are uids or names: keep them usable as one path segment. */
  static String safe(String runId) {
    return runId.replaceAll("[^A-Za-z0-9._-]", "_");
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
