package dev.lakehouse.jobs.generate;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Synthetic Raygun crash-report exports: one pretty-printed JSON document per file, one error
 * occurrence each, 12-18 KB, with the field names and nesting of a real Raygun4php export (top
 * level {@code Error, MachineName, Request, Environment, Client, Version, Tags, UserCustomData,
 * User, Context, GroupingKey, OccurredOn}; there is no {@code Details} wrapper). One field is the
 * generator's own: the top-level {@code Id}, unique per file (the real export has no id field).
 *
 * <p>The client address is {@code Request.IpAddress} (also in {@code
 * Request.Headers.X-Forwarded-For} and {@code Request.Data.HTTP_X_FORWARDED_FOR}); addresses come
 * from a pool of {@value #IP_POOL_SIZE} drawn with a Zipf-like skew, so a few addresses account for
 * most requests.
 *
 * <p>Everything is a function of {@code (seed, file index)}: the same arguments give byte-identical
 * files, and {@link #expectedRequestsByIp} knows the counts without reading them. File {@code i} is
 * {@code raygun-%06d.json}; writing indexes 1-40 and later 41-65 gives the same files as writing
 * 1-65 at once.
 */
public final class RaygunGenerator {
  /** The largest file index: names have six digits so that they sort. */
  public static final int MAX_INDEX = 999_999;

  /** Every file is at least 12 KiB and at most 18 kB. */
  public static final int MIN_FILE_BYTES = 12_288;

  public static final int MAX_FILE_BYTES = 18_000;

  /** Distinct client addresses per seed. */
  public static final int IP_POOL_SIZE = 300;

  /** The Zipf exponent of the address distribution (rank r has weight 1/r^s). */
  static final double ZIPF_EXPONENT = 1.1;

  private static final long IP_STREAM = 0x4950L;
  private static final long DOC_STREAM = 0x444F43L;
  private static final long POOL_STREAM = 0x504F4F4CL;
  private static final long ID_STREAM = 0x4944L;
  private static final long MACHINE_STREAM = 0x4D4143L;

  /** 2024-03-01T00:00:00Z; file i occurred about 13 s after file i - 1. */
  private static final long FIRST_OCCURRENCE = 1_709_251_200L;

  private static final int FRAME_POOL = 100;
  private static final int MACHINES = 6;

  private RaygunGenerator() {}

  /** Writes files 1..files into {@code outDir} (created if needed). */
  public static Summary write(Path outDir, int files, long seed) {
    return write(outDir, 1, files, seed);
  }

  /**
   * Writes files {@code fromIndex .. fromIndex + count - 1}; an existing file of the same name is
   * replaced by identical bytes.
   */
  public static Summary write(Path outDir, int fromIndex, int count, long seed) {
    checkRange(fromIndex, count);
    JsonOut.createDirectories(outDir);
    Pool pool = Pool.of(seed);
    long bytes = 0;
    Set<String> ids = new HashSet<>();
    for (int index = fromIndex; index < fromIndex + count; index++) {
      byte[] document = document(pool, index, seed);
      JsonOut.writeFile(outDir.resolve(fileName(index)), document);
      bytes += document.length;
      ids.add(sourceId(index, seed));
    }
    return new Summary(count, bytes, count, ids.size());
  }

  /**
   * Requests per {@code Request.IpAddress} in files 1..files, computed from the random stream
   * alone. Ordered by count descending, then address.
   */
  public static Map<String, Long> expectedRequestsByIp(int files, long seed) {
    return expectedRequestsByIp(1, files, seed);
  }

  /** Requests per {@code Request.IpAddress} in files {@code fromIndex .. fromIndex + count - 1}. */
  public static Map<String, Long> expectedRequestsByIp(int fromIndex, int count, long seed) {
    checkRange(fromIndex, count);
    Pool pool = Pool.of(seed);
    Map<String, Long> counts = new HashMap<>();
    for (int index = fromIndex; index < fromIndex + count; index++) {
      counts.merge(pool.addresses.get(pool.rank(index, seed)), 1L, Long::sum);
    }
    return sortedByCount(counts);
  }

  /** {@code Request.IpAddress} of file {@code index}. */
  public static String ipAddress(int index, long seed) {
    checkRange(index, 1);
    Pool pool = Pool.of(seed);
    return pool.addresses.get(pool.rank(index, seed));
  }

  /** The name of file {@code index}: {@code raygun-000001.json}. */
  public static String fileName(int index) {
    checkRange(index, 1);
    return String.format(Locale.ROOT, "raygun-%06d.json", index);
  }

  /**
   * The top-level {@code Id} of file {@code index}: UUID-shaped, distinct for every index of a seed
   * (the low 64 bits are a bijection of the index).
   */
  public static String sourceId(int index, long seed) {
    long high = Rng.mix64(seed ^ ID_STREAM);
    long low = Rng.mix64(index ^ Rng.mix64(seed + ID_STREAM));
    return String.format(
        Locale.ROOT,
        "%08x-%04x-%04x-%04x-%012x",
        high >>> 32,
        (high >>> 16) & 0xFFFF,
        high & 0xFFFF,
        low >>> 48,
        low & 0xFFFF_FFFF_FFFFL);
  }

  /** The bytes of file {@code index}. */
  static byte[] document(int index, long seed) {
    checkRange(index, 1);
    return document(Pool.of(seed), index, seed);
  }

  static <K> Map<K, Long> sortedByCount(Map<K, Long> counts) {
    List<Map.Entry<K, Long>> entries = new ArrayList<>(counts.entrySet());
    entries.sort(
        Map.Entry.<K, Long>comparingByValue(Comparator.reverseOrder())
            .thenComparing(e -> e.getKey().toString()));
    Map<K, Long> sorted = new LinkedHashMap<>();
    for (Map.Entry<K, Long> e : entries) {
      sorted.put(e.getKey(), e.getValue());
    }
    return Collections.unmodifiableMap(sorted);
  }

  static void checkRange(int fromIndex, int count) {
    if (fromIndex < 1 || count < 0 || (long) fromIndex + count - 1 > MAX_INDEX) {
      throw new IllegalArgumentException(
          "file indexes must lie in 1.."
              + MAX_INDEX
              + " (from "
              + fromIndex
              + ", count "
              + count
              + ")");
    }
  }

  // ---------------------------------------------------------------------------------------------
  // The document

  private static byte[] document(Pool pool, int index, long seed) {
    Rng r = Rng.of(seed, DOC_STREAM, index);
    int rank = pool.rank(index, seed);
    String ip = pool.addresses.get(rank);
    Geo geo = pool.geo.get(rank);
    String id = sourceId(index, seed);
    long occurred = FIRST_OCCURRENCE + 13L * index + r.nextInt(13);
    Endpoint endpoint = r.pick(ENDPOINTS);
    String host = r.pick(HOSTS);
    int machineIndex = r.nextInt(MACHINES);
    String machine = pool.machines.get(machineIndex);
    int targetBytes = r.between(12_700, 17_600);

    ObjectNode doc = JsonOut.MAPPER.createObjectNode();

    // Error, with an optional InnerError of the same shape.
    Failure failure = FAILURES.get(r.weighted(FAILURE_WEIGHTS));
    String region = r.pick(REGIONS);
    ObjectNode error = doc.putObject("Error");
    error.put("Message", failure.className + ": " + failure.message(r, region, host));
    error.put("ClassName", failure.className);
    ArrayNode outerTrace = error.putArray("StackTrace");
    error.put("FileName", failure.fileName);
    error.putNull("Data");
    ArrayNode innerTrace = null;
    if (failure.inner == null) {
      error.putNull("InnerError");
    } else {
      Failure cause = failure.inner;
      ObjectNode inner = error.putObject("InnerError");
      inner.put("Message", cause.className + ": " + cause.message(r, region, host));
      inner.put("ClassName", cause.className);
      innerTrace = inner.putArray("StackTrace");
      inner.put("FileName", cause.fileName);
      inner.putNull("Data");
      inner.putNull("InnerError");
    }

    doc.put("MachineName", machine);

    // Request
    Map<String, String> query = endpoint.query(r);
    StringBuilder queryString = new StringBuilder();
    query.forEach(
        (k, v) -> queryString.append(queryString.length() == 0 ? "" : "&").append(k + "=" + v));
    String url = endpoint.path + (query.isEmpty() ? "" : "?" + queryString);
    String userAgent = r.pick(USER_AGENTS);
    String referer = "https://" + r.pick(REFERERS) + "/";
    String language = r.pick(LANGUAGES);
    String traceId =
        "Root=1-" + Long.toHexString(occurred) + "-" + id.replace("-", "").substring(8);
    String contentLength =
        endpoint.method.equals("POST") ? Integer.toString(r.between(40, 900)) : "";
    String contentType = endpoint.method.equals("POST") ? "application/json" : "";
    ObjectNode request = doc.putObject("Request");
    request.put("HostName", host);
    request.put("Url", url);
    request.put("HttpMethod", endpoint.method);
    request.put("IpAddress", ip);
    ObjectNode queryNode = request.putObject("QueryString");
    query.forEach(queryNode::put);
    ObjectNode headers = request.putObject("Headers");
    headers.put("Accept-Encoding", "gzip, deflate, br");
    headers.put("Referer", referer);
    headers.put("User-Agent", userAgent);
    headers.put("Sec-Fetch-Mode", "no-cors");
    headers.put("Accept-Language", language);
    headers.put("Sec-Fetch-Dest", "script");
    headers.put("Sec-Fetch-Site", "cross-site");
    headers.put("Accept", "*/*");
    headers.put("X-Amzn-Trace-Id", traceId);
    headers.put("Host", host);
    headers.put("X-Forwarded-Port", "443");
    headers.put("X-Forwarded-Proto", "https");
    headers.put("X-Forwarded-For", ip);
    headers.put("Content-Length", contentLength);
    headers.put("Content-Type", contentType);
    ObjectNode data = request.putObject("Data");
    data.put("NSS_SDB_USE_CACHE", "1");
    data.put("USER", "app");
    data.put("HOME", "/home/app");
    data.put("HTTP_ACCEPT_ENCODING", "gzip, deflate, br");
    data.put("HTTP_REFERER", referer);
    data.put("HTTP_USER_AGENT", userAgent);
    data.put("HTTP_SEC_FETCH_MODE", "no-cors");
    data.put("HTTP_ACCEPT_LANGUAGE", language);
    data.put("HTTP_SEC_FETCH_DEST", "script");
    data.put("HTTP_SEC_FETCH_SITE", "cross-site");
    data.put("HTTP_ACCEPT", "*/*");
    data.put("HTTP_X_AMZN_TRACE_ID", traceId);
    data.put("HTTP_HOST", host);
    data.put("HTTP_X_FORWARDED_PORT", "443");
    data.put("HTTP_X_FORWARDED_PROTO", "https");
    data.put("HTTP_X_FORWARDED_FOR", ip);
    data.put("SCRIPT_FILENAME", "/var/www/" + host + "/webroot/app/index.php");
    data.put("GEOIP_CONTINENT_CODE", geo.continent);
    data.put("GEOIP_POSTAL_CODE", geo.postalCode);
    data.put("GEOIP_CITY", geo.city);
    data.put("GEOIP_REGION", geo.region);
    data.put("GEOIP_COUNTRY_CODE", geo.country);
    data.put("REDIRECT_STATUS", "200");
    data.put("SERVER_NAME", host);
    data.put("SERVER_PORT", "443");
    data.put("SERVER_ADDR", pool.machineAddresses.get(machineIndex));
    data.put("REMOTE_PORT", Integer.toString(r.between(1024, 65535)));
    data.put("REMOTE_ADDR", "10.3.1." + r.between(2, 250));
    data.put("SERVER_SOFTWARE", "nginx/1.20.2");
    data.put("GATEWAY_INTERFACE", "CGI/1.1");
    data.put("HTTPS", "on");
    data.put("REQUEST_SCHEME", "https");
    data.put("SERVER_PROTOCOL", "HTTP/1.1");
    data.put("DOCUMENT_ROOT", "/var/www/" + host + "/webroot");
    data.put("DOCUMENT_URI", "/app/index.php");
    data.put("REQUEST_URI", url);
    data.put("SCRIPT_NAME", "/app/index.php");
    data.put("CONTENT_LENGTH", contentLength);
    data.put("CONTENT_TYPE", contentType);
    data.put("REQUEST_METHOD", endpoint.method);
    data.put("QUERY_STRING", queryString.toString());
    data.put("FCGI_ROLE", "RESPONDER");
    data.put("PHP_SELF", "/app/index.php");
    data.put(
        "REQUEST_TIME_FLOAT",
        occurred + "." + String.format(Locale.ROOT, "%04d", r.nextInt(10_000)));
    data.put("REQUEST_TIME", Long.toString(occurred));
    request.putArray("Form");
    request.putNull("RawData");

    doc.putObject("Environment").put("UtcOffset", 0);
    ObjectNode client = doc.putObject("Client");
    client.put("Name", "Raygun4php");
    client.put("Version", "2.1.1");
    client.put("ClientUrl", "https://github.com/MindscapeHQ/raygun4php");
    doc.put("Version", r.chance(0.7) ? "app" : "app-" + r.pick(APP_VERSIONS));
    if (r.chance(0.8)) {
      doc.putNull("Tags");
    } else {
      doc.putArray("Tags").add("production").add(endpoint.method.equals("POST") ? "api" : "web");
    }
    ObjectNode custom = doc.putObject("UserCustomData");
    custom.put("par3", query.getOrDefault("par3", query.values().iterator().next()));
    custom.put("requestUrl", endpoint.path);
    boolean anonymous = r.chance(0.85);
    ObjectNode user = doc.putObject("User");
    user.put("Identifier", r.uuid());
    user.putNull("FirstName");
    user.putNull("FullName");
    if (anonymous) {
      user.putNull("Email");
    } else {
      user.put("Email", "user" + r.between(1000, 99_999) + "@example.com");
    }
    user.put("IsAnonymous", anonymous);
    user.putNull("par4");
    ObjectNode context = doc.putObject("Context");
    context.put("Identifier", "");
    context.putNull("FirstName");
    context.putNull("FullName");
    context.putNull("Email");
    context.putNull("IsAnonymous");
    context.putNull("par4");
    doc.putNull("GroupingKey");
    doc.put("OccurredOn", Instant.ofEpochSecond(occurred).toString());
    doc.put("Id", id);

    // Stack frames fill the document to its target size.
    List<ObjectNode> frames = new ArrayList<>(FRAME_POOL);
    for (int i = 0; i < FRAME_POOL; i++) {
      Frame frame = r.pick(FRAMES);
      ObjectNode node = JsonOut.MAPPER.createObjectNode();
      node.put("LineNumber", r.between(12, 480));
      node.put("ClassName", frame.className);
      node.put("FileName", "/var/www/" + host + "/webroot/app/" + frame.file);
      node.put("MethodName", frame.method);
      frames.add(node);
    }
    return fill(doc, outerTrace, innerTrace, frames, targetBytes);
  }

  /** Sets the number of stack frames so the document comes close to {@code target} bytes. */
  private static byte[] fill(
      ObjectNode doc, ArrayNode outer, ArrayNode inner, List<ObjectNode> frames, int target) {
    setFrames(outer, inner, frames, 0);
    int base = JsonOut.pretty(doc).length;
    int n = 40;
    setFrames(outer, inner, frames, n);
    byte[] bytes = JsonOut.pretty(doc);
    for (int round = 0; round < 6 && Math.abs(bytes.length - target) > 250; round++) {
      double perFrame = Math.max(1.0, (double) (bytes.length - base) / n);
      n = clamp(n + (int) Math.round((target - bytes.length) / perFrame), 1, frames.size());
      setFrames(outer, inner, frames, n);
      bytes = JsonOut.pretty(doc);
    }
    while (bytes.length > MAX_FILE_BYTES && n > 1) {
      setFrames(outer, inner, frames, --n);
      bytes = JsonOut.pretty(doc);
    }
    while (bytes.length < MIN_FILE_BYTES && n < frames.size()) {
      setFrames(outer, inner, frames, ++n);
      bytes = JsonOut.pretty(doc);
    }
    return bytes;
  }

  private static void setFrames(ArrayNode outer, ArrayNode inner, List<ObjectNode> frames, int n) {
    outer.removeAll();
    int outerCount = inner == null ? n : n - n / 2;
    for (int i = 0; i < outerCount; i++) {
      outer.add(frames.get(i));
    }
    if (inner != null) {
      inner.removeAll();
      for (int i = outerCount; i < n; i++) {
        inner.add(frames.get(i));
      }
    }
  }

  private static int clamp(int value, int min, int max) {
    return Math.max(min, Math.min(max, value));
  }

  // ---------------------------------------------------------------------------------------------
  // Per-seed pools

  /** Client addresses in rank order (rank 0 is the busiest), their locations, the web servers. */
  private static final class Pool {
    final List<String> addresses;
    final List<Geo> geo;
    final double[] cumulative;
    final List<String> machines;
    final List<String> machineAddresses;

    private Pool(
        List<String> addresses,
        List<Geo> geo,
        double[] cumulative,
        List<String> machines,
        List<String> machineAddresses) {
      this.addresses = addresses;
      this.geo = geo;
      this.cumulative = cumulative;
      this.machines = machines;
      this.machineAddresses = machineAddresses;
    }

    static Pool of(long seed) {
      Rng r = Rng.of(seed, POOL_STREAM);
      Set<String> addresses = new LinkedHashSet<>();
      while (addresses.size() < IP_POOL_SIZE) {
        addresses.add(
            r.pick(FIRST_OCTETS)
                + "."
                + r.between(0, 255)
                + "."
                + r.between(0, 255)
                + "."
                + r.between(1, 254));
      }
      List<Geo> geo = new ArrayList<>(IP_POOL_SIZE);
      double[] weights = new double[IP_POOL_SIZE];
      for (int rank = 0; rank < IP_POOL_SIZE; rank++) {
        geo.add(r.pick(GEOS));
        weights[rank] = 1.0 / StrictMath.pow(rank + 1, ZIPF_EXPONENT);
      }
      Rng m = Rng.of(seed, MACHINE_STREAM);
      List<String> machines = new ArrayList<>(MACHINES);
      List<String> machineAddresses = new ArrayList<>(MACHINES);
      for (int i = 0; i < MACHINES; i++) {
        machines.add("prod-web-" + m.hex(16) + ".example.com");
        machineAddresses.add("10.3.4." + (10 + 17 * i + m.nextInt(17)));
      }
      return new Pool(
          List.copyOf(addresses),
          List.copyOf(geo),
          Rng.cumulative(weights),
          List.copyOf(machines),
          List.copyOf(machineAddresses));
    }

    /** The address rank of file {@code index}: its own stream, so counting needs nothing else. */
    int rank(int index, long seed) {
      return Rng.of(seed, IP_STREAM, index).weighted(cumulative);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Vocabulary

  private record Geo(
      String continent, String country, String region, String city, String postalCode) {}

  private record Frame(String className, String file, String method) {}

  private interface Message {
    String text(Rng r, String region, String host);
  }

  private record Failure(String className, String fileName, Message text, Failure inner) {
    String message(Rng r, String region, String host) {
      return text.text(r, region, host);
    }
  }

  private record Endpoint(String method, String path, List<String> params) {
    Map<String, String> query(Rng r) {
      Map<String, String> query = new LinkedHashMap<>();
      for (String param : params) {
        String value =
            switch (param) {
              case "methods", "build" -> Integer.toString(r.between(1, 64));
              case "par4" -> r.hex(32).toUpperCase(Locale.ROOT);
              case "app" -> r.pick(List.of("checkout", "profile", "search", "catalog"));
              default -> r.uuid();
            };
        query.put(param, value);
      }
      return query;
    }
  }

  private static final List<Integer> FIRST_OCTETS =
      List.of(
          24, 45, 50, 64, 66, 67, 68, 69, 70, 71, 72, 73, 74, 75, 76, 96, 97, 98, 99, 104, 107, 108,
          142, 162, 166, 173, 174, 184, 198, 207, 208, 209);

  private static final List<Geo> GEOS =
      List.of(
          new Geo("NA", "US", "WA", "Tacoma", "98422"),
          new Geo("NA", "US", "CA", "San Jose", "95112"),
          new Geo("NA", "US", "TX", "Austin", "78701"),
          new Geo("NA", "US", "NY", "Brooklyn", "11201"),
          new Geo("NA", "US", "IL", "Chicago", "60601"),
          new Geo("NA", "US", "FL", "Miami", "33101"),
          new Geo("NA", "CA", "ON", "Toronto", "M5V"),
          new Geo("EU", "GB", "ENG", "London", "EC1A"),
          new Geo("EU", "DE", "BE", "Berlin", "10115"),
          new Geo("EU", "FR", "IDF", "Paris", "75001"),
          new Geo("SA", "BR", "SP", "Sao Paulo", "01000"),
          new Geo("OC", "AU", "NSW", "Sydney", "2000"));

  private static final List<String> HOSTS =
      List.of("prod.example.com", "api.example.com", "shop.example.net");

  private static final List<String> REFERERS =
      List.of("partner-one.example.org", "news.example.org", "blog.example.net", "www.example.com");

  private static final List<String> LANGUAGES =
      List.of("en-US,en;q=0.9", "en-GB,en;q=0.8", "es-ES,es;q=0.9,en;q=0.5", "de-DE,de;q=0.9");

  private static final List<String> APP_VERSIONS = List.of("2.3.1", "2.3.2", "2.4.0");

  private static final List<String> REGIONS = List.of("us-east-1", "us-west-2", "eu-west-1");

  private static final List<String> USER_AGENTS =
      List.of(
          "Mozilla/5.0 (iPhone; CPU iPhone OS 17_3_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML,"
              + " like Gecko) Version/17.3.1 Mobile/15E148 Safari/604.1",
          "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)"
              + " Chrome/122.0.0.0 Safari/537.36",
          "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like"
              + " Gecko) Version/17.2 Safari/605.1.15",
          "Mozilla/5.0 (Linux; Android 14; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko)"
              + " Chrome/122.0.6261.105 Mobile Safari/537.36",
          "Mozilla/5.0 (X11; Linux x86_64; rv:123.0) Gecko/20100101 Firefox/123.0",
          "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)"
              + " Chrome/122.0.0.0 Safari/537.36 Edg/122.0.2365.80");

  private static final List<Endpoint> ENDPOINTS =
      List.of(
          new Endpoint(
              "GET", "/app/SaveUuid.js", List.of("par1", "par2", "methods", "par3", "par4")),
          new Endpoint("GET", "/app/LoadProfile.js", List.of("par1", "par3", "build")),
          new Endpoint("POST", "/api/v1/events", List.of("session")),
          new Endpoint("GET", "/api/v1/config", List.of("app", "build")));

  private static final List<Frame> FRAMES =
      List.of(
          new Frame(
              "Aws\\WrappedHttpHandler",
              "vendor/aws/aws-sdk-php/src/WrappedHttpHandler.php",
              "parseError"),
          new Frame(
              "Aws\\WrappedHttpHandler",
              "vendor/guzzlehttp/promises/src/Promise.php",
              "Aws\\{closure}"),
          new Frame(
              "GuzzleHttp\\Promise\\Promise",
              "vendor/guzzlehttp/promises/src/Promise.php",
              "callHandler"),
          new Frame(
              "GuzzleHttp\\Promise\\RejectedPromise",
              "vendor/guzzlehttp/promises/src/TaskQueue.php",
              "GuzzleHttp\\Promise\\{closure}"),
          new Frame(
              "GuzzleHttp\\Promise\\TaskQueue",
              "vendor/guzzlehttp/guzzle/src/Handler/CurlMultiHandler.php",
              "run"),
          new Frame(
              "GuzzleHttp\\Handler\\CurlMultiHandler",
              "vendor/guzzlehttp/guzzle/src/Handler/CurlMultiHandler.php",
              "tick"),
          new Frame(
              "GuzzleHttp\\Handler\\CurlMultiHandler",
              "vendor/guzzlehttp/promises/src/Promise.php",
              "execute"),
          new Frame(
              "GuzzleHttp\\Promise\\Promise",
              "vendor/guzzlehttp/promises/src/Promise.php",
              "invokeWaitFn"),
          new Frame(
              "GuzzleHttp\\Promise\\Promise",
              "vendor/guzzlehttp/promises/src/Promise.php",
              "waitIfPending"),
          new Frame(
              "GuzzleHttp\\Promise\\Promise",
              "vendor/aws/aws-sdk-php/src/AwsClientTrait.php",
              "wait"),
          new Frame("Aws\\AwsClient", "vendor/aws/aws-sdk-php/src/AwsClientTrait.php", "execute"),
          new Frame("Aws\\AwsClient", "vendor/aws/aws-sdk-php/src/AwsClientTrait.php", "__call"),
          new Frame(
              "GuzzleHttp\\Middleware",
              "vendor/guzzlehttp/guzzle/src/Middleware.php",
              "GuzzleHttp\\{closure}"),
          new Frame(
              "GuzzleHttp\\Exception\\RequestException",
              "vendor/guzzlehttp/guzzle/src/Exception/RequestException.php",
              "create"),
          new Frame(
              "App\\Storage\\DynamoSessionStore", "src/Storage/DynamoSessionStore.php", "update"),
          new Frame(
              "App\\Storage\\DynamoSessionStore", "src/Storage/DynamoSessionStore.php", "save"),
          new Frame("App\\Service\\UuidStore", "src/Service/UuidStore.php", "save"),
          new Frame("App\\Service\\UuidStore", "src/Service/UuidStore.php", "merge"),
          new Frame(
              "App\\Http\\Controller\\UuidController",
              "src/Http/Controller/UuidController.php",
              "saveAction"),
          new Frame(
              "App\\Http\\Controller\\ProfileController",
              "src/Http/Controller/ProfileController.php",
              "loadAction"),
          new Frame(
              "App\\Http\\Middleware\\CorsMiddleware",
              "src/Http/Middleware/CorsMiddleware.php",
              "handle"),
          new Frame(
              "App\\Http\\Middleware\\RateLimiter",
              "src/Http/Middleware/RateLimiter.php",
              "handle"),
          new Frame("App\\Http\\Kernel", "src/Http/Kernel.php", "dispatch"),
          new Frame("App\\Http\\Kernel", "src/Http/Kernel.php", "handle"),
          new Frame("App\\Http\\Router", "src/Http/Router.php", "route"),
          new Frame(
              "Illuminate\\Database\\Connectors\\Connector",
              "vendor/illuminate/database/Connectors/Connector.php",
              "createPdoConnection"),
          new Frame(
              "Illuminate\\Database\\Connection",
              "vendor/illuminate/database/Connection.php",
              "runQueryCallback"),
          new Frame(
              "Illuminate\\Database\\Connection",
              "vendor/illuminate/database/Connection.php",
              "select"),
          new Frame(
              "Predis\\Connection\\StreamConnection",
              "vendor/predis/predis/src/Connection/StreamConnection.php",
              "read"),
          new Frame("Predis\\Client", "vendor/predis/predis/src/Client.php", "executeCommand"));

  private static final Failure GUZZLE_CLIENT =
      new Failure(
          "GuzzleHttp\\Exception\\ClientException",
          "RequestException.php",
          (r, region, host) ->
              "Client error: `POST https://dynamodb."
                  + region
                  + ".amazonaws.com` resulted in a `400 Bad Request` response:\n"
                  + "{\"__type\":\"com.amazon.coral.validate#ValidationException\",\"message\":"
                  + "\"Item size to update has exceeded the maximum allowed size\"}",
          null);

  private static final Failure GUZZLE_THROTTLED =
      new Failure(
          "GuzzleHttp\\Exception\\ClientException",
          "RequestException.php",
          (r, region, host) ->
              "Client error: `POST https://dynamodb."
                  + region
                  + ".amazonaws.com` resulted in a `400 Bad Request` response:\n"
                  + "{\"__type\":\"com.amazonaws.dynamodb.v20120810#"
                  + "ProvisionedThroughputExceededException\",\"message\":\"The level of"
                  + " configured provisioned throughput for the table was exceeded.\"}",
          null);

  private static final Failure PDO_TIMEOUT =
      new Failure(
          "PDOException",
          "Connector.php",
          (r, region, host) ->
              "SQLSTATE[HY000] [2002] Connection timed out (host db-"
                  + r.between(1, 4)
                  + ".internal, after "
                  + r.between(3000, 9000)
                  + " ms)",
          null);

  private static final List<Failure> FAILURES =
      List.of(
          new Failure(
              "Aws\\DynamoDb\\Exception\\DynamoDbException",
              "WrappedHttpHandler.php",
              (r, region, host) ->
                  "Error executing \"UpdateItem\" on \"https://dynamodb."
                      + region
                      + ".amazonaws.com\"; AWS HTTP error: Client error: `POST https://dynamodb."
                      + region
                      + ".amazonaws.com` resulted in a `400 Bad Request` response:\n"
                      + "{\"__type\":\"com.amazon.coral.validate#ValidationException\","
                      + "\"message\":\"Item size to update has exceeded the maximum allowe"
                      + " (truncated...)\n ValidationException (client): Item size to update has"
                      + " exceeded the maximum allowed size - {\"__type\":"
                      + "\"com.amazon.coral.validate#ValidationException\",\"message\":\"Item"
                      + " size to update has exceeded the maximum allowed size\"} (request id "
                      + r.hex(32).toUpperCase(Locale.ROOT)
                      + ")",
              GUZZLE_CLIENT),
          new Failure(
              "Aws\\DynamoDb\\Exception\\DynamoDbException",
              "WrappedHttpHandler.php",
              (r, region, host) ->
                  "Error executing \"PutItem\" on \"https://dynamodb."
                      + region
                      + ".amazonaws.com\"; AWS HTTP error: Client error: `POST https://dynamodb."
                      + region
                      + ".amazonaws.com` resulted in a `400 Bad Request` response:\n"
                      + " ProvisionedThroughputExceededException (client): The level of"
                      + " configured provisioned throughput for the table was exceeded. Consider"
                      + " increasing your provisioning level with the UpdateTable API. (request id "
                      + r.hex(32).toUpperCase(Locale.ROOT)
                      + ")",
              GUZZLE_THROTTLED),
          new Failure(
              "App\\Storage\\StorageException",
              "UuidStore.php",
              (r, region, host) -> "could not save session " + r.uuid(),
              PDO_TIMEOUT),
          new Failure(
              "ErrorException",
              "UuidController.php",
              (r, region, host) -> "Undefined index: par" + r.between(1, 4),
              null),
          new Failure(
              "TypeError",
              "UuidStore.php",
              (r, region, host) ->
                  "App\\Service\\UuidStore::save(): Argument #1 ($uuid) must be of type string,"
                      + " null given, called in /var/www/"
                      + host
                      + "/webroot/app/src/Http/Controller/UuidController.php on line "
                      + r.between(20, 200),
              null),
          new Failure(
              "GuzzleHttp\\Exception\\ConnectException",
              "CurlFactory.php",
              (r, region, host) ->
                  "cURL error 28: Operation timed out after "
                      + r.between(5000, 30000)
                      + " milliseconds with 0 bytes received (see"
                      + " https://curl.haxx.se/libcurl/c/libcurl-errors.html) for https://"
                      + "collector.example.org/v1/collect",
              null),
          new Failure(
              "RedisException",
              "StreamConnection.php",
              (r, region, host) ->
                  "read error on connection to redis-" + r.between(1, 3) + ".internal:6379",
              null));

  private static final double[] FAILURE_WEIGHTS = Rng.cumulative(40, 12, 10, 12, 10, 10, 6);
}
