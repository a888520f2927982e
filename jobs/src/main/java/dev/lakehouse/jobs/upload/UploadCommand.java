package dev.lakehouse.jobs.upload;

import dev.lakehouse.jobs.Messages;
import dev.lakehouse.s3.S3Client;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * {@code upload <dir> s3://<bucket>/<prefix> --endpoint URL [--region R]}: copies every file under
 * a local folder to {@code <prefix><relative path>} in a bucket of any S3 endpoint (path-style,
 * SigV4), with the credentials of {@code AWS_ACCESS_KEY_ID} and {@code AWS_SECRET_ACCESS_KEY}. A
 * file that is already there is overwritten, so a rerun after a failure is safe.
 */
public final class UploadCommand {
  public static final String ACCESS_KEY_ENV = "AWS_ACCESS_KEY_ID";
  public static final String SECRET_KEY_ENV = "AWS_SECRET_ACCESS_KEY";
  static final String DEFAULT_REGION = "us-east-1";

  public static final String USAGE =
      "usage: lakehouse upload <dir> s3://<bucket>/<prefix> --endpoint URL [--region REGION]";

  private static final Pattern S3_URL = Pattern.compile("s3://([^/]+)(?:/(.*))?");
  private static final Pattern S3_ERROR_CODE = Pattern.compile("<Code>([^<]+)</Code>");
  private static final Pattern HTTP_STATUS = Pattern.compile(" answered (\\d{3})");

  /** What to upload where; {@code prefix} is empty or ends with a slash. */
  record Request(Path dir, String bucket, String prefix, String endpoint, String region) {}

  /** One line for the user: what was uploaded. */
  record Summary(int files, long bytes, String target) {
    @Override
    public String toString() {
      return String.format(
          Locale.ROOT,
          "uploaded %d %s, %d bytes, to %s",
          files,
          files == 1 ? "file" : "files",
          bytes,
          target);
    }
  }

  private UploadCommand() {}

  /**
   * Parses the arguments, reads the credentials from {@code env} and uploads. Throws {@link
   * IllegalArgumentException} for a usage error, {@link UploadFailure} when the upload fails.
   */
  public static String run(List<String> args, Map<String, String> env) {
    Request request = parse(args);
    String accessKey = env.getOrDefault(ACCESS_KEY_ENV, "");
    String secretKey = env.getOrDefault(SECRET_KEY_ENV, "");
    if (accessKey.isBlank() || secretKey.isBlank()) {
      throw new IllegalArgumentException(
          "upload: set "
              + ACCESS_KEY_ENV
              + " and "
              + SECRET_KEY_ENV
              + " in the environment (credentials are never taken from arguments)");
    }
    S3Client s3 = new S3Client(request.endpoint(), request.region(), accessKey, secretKey);
    return upload(request, s3).toString();
  }

  static Request parse(List<String> args) {
    List<String> positional = new ArrayList<>();
    String endpoint = null;
    String region = DEFAULT_REGION;
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (arg.equals("--endpoint") || arg.equals("--region")) {
        if (i + 1 >= args.size()) {
          throw new IllegalArgumentException("upload: " + arg + " needs a value\n" + USAGE);
        }
        String value = args.get(++i);
        if (arg.equals("--endpoint")) {
          endpoint = value;
        } else {
          region = value;
        }
      } else if (arg.startsWith("-")) {
        throw new IllegalArgumentException("upload: unknown option " + arg + "\n" + USAGE);
      } else {
        positional.add(arg);
      }
    }
    if (positional.size() != 2) {
      throw new IllegalArgumentException(
          "upload needs a folder and an s3://<bucket>/<prefix> target\n" + USAGE);
    }
    if (endpoint == null) {
      throw new IllegalArgumentException(
          "upload needs --endpoint (e.g. http://localhost:9000)\n" + USAGE);
    }
    checkEndpoint(endpoint);
    Path dir = Path.of(positional.get(0));
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException("upload: " + dir + " is not a folder");
    }
    Matcher target = S3_URL.matcher(positional.get(1));
    if (!target.matches()) {
      throw new IllegalArgumentException(
          "upload: \"" + positional.get(1) + "\" is not an s3://<bucket>/<prefix> URL");
    }
    String prefix = target.group(2) == null ? "" : target.group(2);
    // The prefix names a folder: files land under it, never beside it.
    if (!prefix.isEmpty() && !prefix.endsWith("/")) {
      prefix = prefix + "/";
    }
    return new Request(dir, target.group(1), prefix, endpoint, region);
  }

  private static void checkEndpoint(String endpoint) {
    try {
      URI uri = new URI(endpoint);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
        return;
      }
    } catch (URISyntaxException e) {
      // Reported below.
    }
    throw new IllegalArgumentException(
        "upload: --endpoint \"" + endpoint + "\" is not an http:// or https:// URL");
  }

  /** Every regular file under the folder, in name order, with the key it gets. */
  static Summary upload(Request request, S3Client s3) {
    List<Path> files = files(request.dir());
    if (files.isEmpty()) {
      throw new UploadFailure(request.dir() + " holds no files: nothing to upload");
    }
    String target = "s3://" + request.bucket() + "/" + request.prefix();
    long bytes = 0;
    for (Path file : files) {
      String relative = request.dir().relativize(file).toString().replace('\\', '/');
      String key = request.prefix() + relative;
      try {
        bytes += Files.size(file);
      } catch (IOException e) {
        throw new UploadFailure("cannot read " + file + ": " + e.getMessage(), e);
      }
      try {
        s3.putFile(request.bucket(), key, file, contentType(relative));
      } catch (RuntimeException e) {
        throw new UploadFailure(explain(e, request, relative), e);
      }
    }
    return new Summary(files.size(), bytes, target);
  }

  private static List<Path> files(Path dir) {
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(Files::isRegularFile).sorted().toList();
    } catch (IOException | UncheckedIOException e) {
      throw new UploadFailure("cannot list " + dir + ": " + e.getMessage(), e);
    }
  }

  private static String contentType(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    if (lower.endsWith(".json")) {
      return "application/json";
    }
    if (lower.endsWith(".csv")) {
      return "text/csv";
    }
    return "application/octet-stream";
  }

  /**
   * The S3 client's exceptions as the one line that says what to fix. S3's error documents are
   * reduced to their code: they can echo the request, signature details included.
   */
  static String explain(RuntimeException e, Request request, String file) {
    String endpoint = request.endpoint();
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof ConnectException || cause instanceof HttpConnectTimeoutException) {
        return "cannot reach the S3 endpoint " + endpoint + " (is it running, is the port right?)";
      }
      if (cause instanceof UnknownHostException) {
        return "cannot resolve the host of the S3 endpoint " + endpoint;
      }
      if (cause instanceof HttpTimeoutException) {
        return "the S3 endpoint " + endpoint + " did not answer in time (uploading " + file + ")";
      }
    }
    String message = String.valueOf(e.getMessage());
    Matcher code = S3_ERROR_CODE.matcher(message);
    if (code.find()) {
      return switch (code.group(1)) {
        case "NoSuchBucket" -> "bucket \"" + request.bucket() + "\" does not exist at " + endpoint;
        case "InvalidAccessKeyId", "SignatureDoesNotMatch", "AccessDenied" ->
            endpoint
                + " refused the credentials in "
                + ACCESS_KEY_ENV
                + "/"
                + SECRET_KEY_ENV
                + " ("
                + code.group(1)
                + ")";
        default -> "uploading " + file + " failed: S3 error " + code.group(1);
      };
    }
    Matcher status = HTTP_STATUS.matcher(message);
    if (status.find()) {
      return "uploading " + file + " failed: " + endpoint + " answered HTTP " + status.group(1);
    }
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return "uploading "
        + file
        + " to "
        + endpoint
        + " failed: "
        + Messages.firstLine(root.toString());
  }
}
