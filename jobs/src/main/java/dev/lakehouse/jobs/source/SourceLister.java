package dev.lakehouse.jobs.source;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

/**
 * Lists a source folder through Hadoop's FileSystem, so the same code reads S3 (a paged flat
 * listing) and local folders; the result is sorted by key so batches are reproducible.
 */
public final class SourceLister {
  /** What a listing found: files to ingest and files left out with their reason. */
  public record Listing(List<SourceFile> files, List<SkippedFile> skipped) {}

  private final Configuration hadoop;

  public SourceLister(Configuration hadoop) {
    this.hadoop = hadoop;
  }

  public Listing list(String root, FileFilter filter) throws IOException {
    Path rootPath = new Path(root);
    FileSystem fs = FileSystem.get(URI.create(root), hadoop);
    String prefix = fs.makeQualified(rootPath).toString();
    prefix = prefix.endsWith("/") ? prefix : prefix + "/";
    List<SourceFile> files = new ArrayList<>();
    List<SkippedFile> skipped = new ArrayList<>();
    RemoteIterator<LocatedFileStatus> it;
    try {
      it = fs.listFiles(rootPath, true);
    } catch (FileNotFoundException e) {
      return new Listing(List.of(), List.of());
    }
    while (it.hasNext()) {
      LocatedFileStatus status = it.next();
      String path = status.getPath().toString();
      String key =
          path.startsWith(prefix) ? path.substring(prefix.length()) : status.getPath().getName();
      var reason = filter.skipReason(key, status.getLen());
      if (reason.isPresent()) {
        skipped.add(new SkippedFile(path, reason.get()));
      } else {
        files.add(new SourceFile(path, status.getLen()));
      }
    }
    files.sort(Comparator.comparing(SourceFile::path));
    skipped.sort(Comparator.comparing(SkippedFile::path));
    return new Listing(files, skipped);
  }
}
